import type { TurnContext } from 'botbuilder';
import { textReply } from '../src/bot/replies';
import { getTurn } from '../src/bot/turn';
import { SingleTurnDialog } from './single-turn-dialog';

/**
 * Help for possible victims of trafficking, safety first: "are you in danger right now?", a
 * question that carries the emergency numbers itself, so that no path can lose them. The answer,
 * typed or chosen, goes through the understanding pipeline like any message (the conversation
 * remembers the question): anything but a clear "no" gets the emergency numbers first, then what
 * IOM does for victims; "no" or "no, but my friend..." gets what IOM does.
 */
export class TraffickingDialog extends SingleTurnDialog {
  override async answer(context: TurnContext): Promise<void> {
    const turn = getTurn(context);
    const t = turn.brain.locales.translator(turn.lang);
    await turn.send(
      textReply(turn.brain, turn.lang, 'dialog.trafficking.danger', [
        { label: t('dialog.trafficking.yes'), value: 'dialog:yes' },
        { label: t('dialog.trafficking.no'), value: 'dialog:no' },
      ]),
    );
    turn.data.asked = 'danger';
  }
}
