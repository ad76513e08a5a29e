import type { DialogContext, DialogTurnResult } from 'botbuilder-dialogs';
// The package's index also loads its prompts and their text recognisers (about 350 ms of start-up): only the classes used are imported.
import { Dialog } from 'botbuilder-dialogs/lib/dialog';
import { renderEntry } from '../src/reply/render';
import { getTurn } from '../src/bot/turn';
import { REQUIRED_ENTRIES } from '../src/kb/required-ids';
import type { StartOptions } from './guided-topic-dialog';

export const CONTACT_ENTRY_ID = REQUIRED_ENTRIES.contact.id;

/** How to reach IOM: address, phone and fax, with tap-to-call, website and map actions. */
export class ContactDialog extends Dialog<StartOptions> {
  override async beginDialog(dc: DialogContext, options?: StartOptions): Promise<DialogTurnResult> {
    const turn = getTurn(dc.context);
    const entryId = options?.startAt && turn.brain.kb.byId.get(options.startAt)?.topic === 'contact' ? options.startAt : CONTACT_ENTRY_ID;
    // renderEntry adds the call, website and map actions to every contact entry.
    await turn.send(renderEntry(turn.brain, turn.lang, entryId));
    return dc.endDialog();
  }
}
