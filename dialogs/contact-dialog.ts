import type { TurnContext } from 'botbuilder';
import { renderEntry } from '../src/reply/render';
import { getTurn } from '../src/bot/turn';
import { REQUIRED_ENTRIES } from '../src/kb/required-ids';
import type { StartOptions } from './guided-topic-dialog';
import { SingleTurnDialog } from './single-turn-dialog';

export const CONTACT_ENTRY_ID = REQUIRED_ENTRIES.contact.id;

/** How to reach IOM: address, phone and fax, with tap-to-call, website and map actions. */
export class ContactDialog extends SingleTurnDialog<StartOptions> {
  override async answer(context: TurnContext, options?: StartOptions): Promise<void> {
    const turn = getTurn(context);
    const entryId = options?.startAt && turn.brain.kb.byId.get(options.startAt)?.topic === 'contact' ? options.startAt : CONTACT_ENTRY_ID;
    // renderEntry adds the call, website and map actions to every contact entry.
    await turn.send(renderEntry(turn.brain, turn.lang, entryId));
  }
}
