import type { DialogContext, DialogTurnResult } from 'botbuilder-dialogs';
// The package's index also loads its prompts and their text recognisers (about 350 ms of start-up): only the classes used are imported.
import { Dialog } from 'botbuilder-dialogs/lib/dialog';
import { type Reply, entryOption, renderEntry } from '../src/reply/render';
import { getTurn } from '../src/bot/turn';
import { feedbackReply } from '../src/bot/replies';

interface GuideState {
  step: number;
}

export interface GuideOptions {
  /** Knowledge entries shown one after the other. */
  steps: string[];
  /** A locale key whose text closes the last step (e.g. "the bot registers no one"). */
  closingKey?: string;
}

/**
 * Walks the user through a topic one short answer at a time: each step shows an entry and offers
 * "Next: <title>" and "Menu"; the last step adds its closing line and asks for feedback.
 */
/** Where a dialog starts: an entry of its steps (a question about a later step starts there). */
export interface StartOptions {
  startAt?: string;
}

export class GuidedTopicDialog extends Dialog<StartOptions> {
  constructor(
    dialogId: string,
    private readonly guide: GuideOptions,
  ) {
    super(dialogId);
  }

  override async beginDialog(dc: DialogContext, options?: StartOptions): Promise<DialogTurnResult> {
    const start = Math.max(0, this.guide.steps.indexOf(options?.startAt ?? ''));
    return this.show(dc, start);
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const turn = getTurn(dc.context);
    const state = dc.activeDialog?.state as GuideState;
    if (turn.pick === 'dialog:next') return this.show(dc, state.step + 1);
    return dc.endDialog();
  }

  private async show(dc: DialogContext, step: number): Promise<DialogTurnResult> {
    const turn = getTurn(dc.context);
    const { brain, lang } = turn;
    const t = brain.locales.translator(lang);
    const id = this.guide.steps[step];
    if (!id) return dc.endDialog();
    (dc.activeDialog?.state as GuideState).step = step;
    const reply: Reply = renderEntry(brain, lang, id);
    const nextId = this.guide.steps[step + 1];
    if (nextId) {
      const next = entryOption(brain, lang, nextId);
      const menu = { label: t('menu.menu'), value: 'command:menu' };
      await turn.send({
        ...reply,
        options: next ? [{ label: t('dialog.next', { title: next.label }), value: 'dialog:next' }, menu] : [menu],
      });
      return Dialog.EndOfTurn;
    }
    const closing = this.guide.closingKey ? `\n\n${t(this.guide.closingKey)}` : '';
    await turn.send({ ...reply, text: reply.text + closing, options: [] });
    await turn.send(feedbackReply(brain, lang, id));
    return dc.endDialog();
  }
}
