import type { DialogContext, DialogTurnResult } from 'botbuilder-dialogs';
// The package's index also loads its prompts and their text recognisers (about 350 ms of start-up): only the classes used are imported.
import { Dialog } from 'botbuilder-dialogs/lib/dialog';
import { entryOption, renderEntry } from '../src/reply/render';
import { textReply } from '../src/bot/replies';
import { getTurn } from '../src/bot/turn';

/** Knowledge entries the trafficking dialog is built from. */
export const TRAFFICKING_ENTRIES = {
  emergency: 'anti-trafficking-emergency',
  help: 'anti-trafficking-help',
  contact: 'contact',
} as const;

/**
 * Help for possible victims of trafficking, safety first: "are you in danger now?"; if yes, the
 * emergency numbers come first in one short message; then what IOM does and how to reach it, and a
 * reminder that the chat can be deleted.
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
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const turn = getTurn(dc.context);
    const { brain, lang } = turn;
    const t = brain.locales.translator(lang);
    if (turn.pick === 'dialog:yes') {
      await turn.send({ ...renderEntry(brain, lang, TRAFFICKING_ENTRIES.emergency), options: [] });
    } else if (turn.pick !== 'dialog:no') {
      return dc.endDialog();
    }
    const help = renderEntry(brain, lang, TRAFFICKING_ENTRIES.help);
    const contact = entryOption(brain, lang, TRAFFICKING_ENTRIES.contact);
    await turn.send({
      ...help,
      text: `${help.text}\n\n${t('dialog.trafficking.deleteChat')}`,
      options: [...(contact ? [contact] : []), { label: t('menu.menu'), value: 'command:menu' }],
    });
    return dc.endDialog();
  }
}
