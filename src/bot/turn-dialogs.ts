import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { DialogContext, DialogSet, DialogState, DialogStateManagerConfiguration } from 'botbuilder-dialogs';

/** The turn-state key under which botbuilder-dialogs looks for its memory configuration. */
const DIALOG_STATE_MANAGER_CONFIGURATION = 'DialogStateManagerConfiguration';

/**
 * Builds the dialog contexts of the bot's turns. A DialogContext is costly to build (botbuilder
 * assembles its memory scopes each turn), and most turns do not need one: a turn gets one only when
 * a dialog is running or starts, and the memory configuration is assembled once per process.
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
    return new TurnDialogs(context, (state?.dialogStack?.length ?? 0) > 0, () => this.createContext(context));
  }

  private async createContext(context: TurnContext): Promise<DialogContext> {
    if (this.configuration) context.turnState.set(DIALOG_STATE_MANAGER_CONFIGURATION, this.configuration);
    const dc = await this.dialogs.createContext(context);
    this.configuration ??= dc.state.configuration;
    return dc;
  }
}

/** A turn's dialogs: whether one is running, and its dialog context, built on first use. */
export class TurnDialogs {
  private dc: Promise<DialogContext> | undefined;

  constructor(
    readonly context: TurnContext,
    private running: boolean,
    private readonly create: () => Promise<DialogContext>,
  ) {}

  /** True while a dialog waits for the user's answer. */
  get active(): boolean {
    return this.running;
  }

  async begin(dialogId: string, options?: object): Promise<void> {
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
    await (await this.dialogContext()).cancelAllDialogs();
    this.running = false;
  }

  private dialogContext(): Promise<DialogContext> {
    this.dc ??= this.create();
    return this.dc;
  }
}
