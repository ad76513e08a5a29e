import type { DialogContext, DialogTurnResult } from 'botbuilder-dialogs';
// The package's index also loads its prompts and their text recognisers (about 350 ms of start-up): only the classes used are imported.
import { Dialog } from 'botbuilder-dialogs/lib/dialog';
import { textReply } from '../src/bot/replies';
import { getTurn } from '../src/bot/turn';

/**
 * Help for possible victims of trafficking, safety first: "are you in danger right now?", a
 * question that carries the emergency numbers itself, so that no path can lose them. The answer,
 * typed or chosen, goes through the understanding pipeline like any message (the conversation
 * remembers the question): anything but a clear "no" gets the emergency numbers first, then what
 * IOM does for victims; "no" or "no, but my friend..." gets what IOM does.
 */
export class TraffickingDialog extends Dialog {
  override async beginDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const turn = getTurn(dc.context);
    const t = turn.brain.locales.translator(turn.lang);
    await turn.send(
      textReply(turn.brain, turn.lang, 'dialog.trafficking.danger', [
        { label: t('dialog.trafficking.yes'), value: 'dialog:yes' },
        { label: t('dialog.trafficking.no'), value: 'dialog:no' },
      ]),
    );
    turn.data.asked = 'danger';
    return dc.endDialog();
  }
}
