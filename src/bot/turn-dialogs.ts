import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { DialogContext, DialogSet, DialogState, DialogStateManagerConfiguration } from 'botbuilder-dialogs';
// The package's index also loads its prompts and their text recognisers (about 350 ms of start-up): only the classes used are imported.
import { DialogReason } from 'botbuilder-dialogs/lib/dialog';
import { SingleTurnDialog } from '../../dialogs/single-turn-dialog';

/** The turn-state key under which botbuilder-dialogs looks for its memory configuration. */
const DIALOG_STATE_MANAGER_CONFIGURATION = 'DialogStateManagerConfiguration';

/**
 * Builds the dialog contexts of the bot's turns. A DialogContext is costly to build (botbuilder
 * assembles its memory scopes each turn), and most turns do not need one: a turn gets one only when
 * a dialog is running or starts, and the memory configuration is assembled once per process.
 * Ending the one dialog a conversation runs (the bot's dialogs start no child dialog) needs none
 * either, nor does a dialog that answers and ends in the turn it starts (SingleTurnDialog).
 */
export class DialogRunner {
  private configuration: DialogStateManagerConfiguration | undefined;

  constructor(
    private readonly dialogs: DialogSet,
    private readonly dialogState: StatePropertyAccessor<DialogState>,
  ) {}

  /** The dialogs of one turn. */
  async forTurn(context: TurnContext): Promise<TurnDialogs> {
    const state = await this.dialogState.get(context);
    return new TurnDialogs(
      context,
      (state?.dialogStack?.length ?? 0) > 0,
      () => this.createContext(context),
      () => this.cancelOnly(context, state),
      (dialogId) => {
        const dialog = this.dialogs.find(dialogId);
        return dialog instanceof SingleTurnDialog ? dialog : undefined;
      },
    );
  }

  private async createContext(context: TurnContext): Promise<DialogContext> {
    if (this.configuration) context.turnState.set(DIALOG_STATE_MANAGER_CONFIGURATION, this.configuration);
    const dc = await this.dialogs.createContext(context);
    this.configuration ??= dc.state.configuration;
    return dc;
  }

  /**
   * What DialogContext.cancelAllDialogs does for a stack of one dialog: the dialog is told that it
   * ends (cancelled), then leaves the stack. False (nothing done) for any other stack, which the
   * dialog context then cancels itself.
   */
  private async cancelOnly(context: TurnContext, state: DialogState | undefined): Promise<boolean> {
    const stack = state?.dialogStack;
    const instance = stack?.length === 1 ? stack[0] : undefined;
    if (!stack || !instance) return false;
    await this.dialogs.find(instance.id)?.endDialog(context, instance, DialogReason.cancelCalled);
    stack.pop();
    return true;
  }
}

/** A turn's dialogs: whether one is running, and its dialog context, built on first use. */
export class TurnDialogs {
  private dc: Promise<DialogContext> | undefined;

  constructor(
    readonly context: TurnContext,
    private running: boolean,
    private readonly create: () => Promise<DialogContext>,
    /** Ends the running dialog without a dialog context, if it can (see DialogRunner.cancelOnly). */
    private readonly cancelWithoutContext: () => Promise<boolean> = async () => false,
    /** The dialog of this id when it answers and ends in one turn (begun without a dialog context). */
    private readonly singleTurn: (dialogId: string) => SingleTurnDialog | undefined = () => undefined,
  ) {}

  /** True while a dialog waits for the user's answer. */
  get active(): boolean {
    return this.running;
  }

  async begin(dialogId: string, options?: object): Promise<void> {
    // Nothing running and a dialog that ends at once: the same answer, without a dialog context.
    const single = this.running ? undefined : this.singleTurn(dialogId);
    if (single) {
      await single.answer(this.context, options);
      return;
    }
    const dc = await this.dialogContext();
    await dc.beginDialog(dialogId, options);
    this.running = dc.activeDialog !== undefined;
  }

  async continue(): Promise<void> {
    const dc = await this.dialogContext();
    await dc.continueDialog();
    this.running = dc.activeDialog !== undefined;
  }

  /** Ends every running dialog (nothing to do, and nothing built, when none runs). */
  async cancelAll(): Promise<void> {
    if (!this.running) return;
    if (this.dc === undefined && (await this.cancelWithoutContext())) {
      this.running = false;
      return;
    }
    await (await this.dialogContext()).cancelAllDialogs();
    this.running = false;
  }

  private dialogContext(): Promise<DialogContext> {
    this.dc ??= this.create();
    return this.dc;
  }
}
