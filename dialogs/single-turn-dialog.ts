import type { TurnContext } from 'botbuilder';
import type { DialogContext, DialogTurnResult } from 'botbuilder-dialogs';
// The package's index also loads its prompts and their text recognisers (about 350 ms of start-up): only the classes used are imported.
import { Dialog } from 'botbuilder-dialogs/lib/dialog';

/**
 * A dialog that answers and ends in the turn it starts (it never waits for the user): its answer
 * needs only the turn, so the bot can give it without building a dialog context. Begun from a dialog
 * context, it does the same and ends there.
 */
export abstract class SingleTurnDialog<O extends object = object> extends Dialog<O> {
  /** Sends the dialog's answer for this turn. */
  abstract answer(context: TurnContext, options?: O): Promise<void>;

  override async beginDialog(dc: DialogContext, options?: O): Promise<DialogTurnResult> {
    await this.answer(dc.context, options);
    return dc.endDialog();
  }
}
