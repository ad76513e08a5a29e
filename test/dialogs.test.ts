import type { Middleware, TurnContext } from 'botbuilder';
import { DialogTestClient } from 'botbuilder-testing';
import { GuidedTopicDialog } from '../dialogs/guided-topic-dialog';
import { TraffickingDialog } from '../dialogs/trafficking-dialog';
import type { Brain } from '../src/app';
import { ConversationDataSchema } from '../src/bot/state';
import { startTurn } from '../src/bot/turn';
import type { Lang } from '../src/kb/schema';
import { sharedBrain } from './helpers/brain';

let brain: Brain;
beforeAll(async () => {
  brain = await sharedBrain();
});

/** Plays the bot's part for a dialog under test: a turn in `lang`, and the user's text as the pick. */
function turnMiddleware(lang: Lang, picks: Record<string, string>): Middleware {
  const data = ConversationDataSchema.parse({});
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>) {
      startTurn(context, brain, lang, data, picks[context.activity.text ?? '']);
      await next();
    },
  };
}

describe('TraffickingDialog (DialogTestClient)', () => {
  it.each<Lang>(['fr', 'ar', 'en'])(
    'in %s: asks "are you in danger now?" with the emergency line, and leaves the answer to the pipeline',
    async (lang) => {
      const t = brain.locales.translator(lang);
      const data = ConversationDataSchema.parse({});
      const client = new DialogTestClient('test', new TraffickingDialog('trafficking'), undefined, [
        {
          async onTurn(context: TurnContext, next: () => Promise<void>) {
            startTurn(context, brain, lang, data);
            await next();
          },
        },
      ]);
      const reply = await client.sendActivity('start');
      expect(reply.text).toBe(t('dialog.trafficking.danger'));
      expect(reply.suggestedActions?.actions.map((a: { title?: string }) => a.title)).toEqual([
        t('dialog.trafficking.yes'),
        t('dialog.trafficking.no'),
      ]);
      // The question is remembered by the conversation, not by a waiting dialog.
      expect(data.asked).toBe('danger');
      expect(client.dialogTurnResult.status).toBe('complete');
    },
  );
});

describe('GuidedTopicDialog (DialogTestClient)', () => {
  it('shows one step per "next" and ends with feedback', async () => {
    const dialog = new GuidedTopicDialog('guide', { steps: ['trqn', 'jmdi'] });
    const client = new DialogTestClient('test', dialog, undefined, [turnMiddleware('en', { next: 'dialog:next' })]);
    let reply = await client.sendActivity('start');
    expect(reply.text).toBe(brain.kb.byId.get('trqn')!.en.answer);
    reply = await client.sendActivity('next');
    expect(reply.text).toBe(brain.kb.byId.get('jmdi')!.en.answer);
    expect(client.getNextReply().text).toBe(brain.locales.translator('en')('feedback.question'));
    expect(client.dialogTurnResult.status).toBe('complete');
  });

  it('starts at a later step when asked about it', async () => {
    const dialog = new GuidedTopicDialog('guide', { steps: ['trqn', 'jmdi'] });
    const client = new DialogTestClient('test', dialog, { startAt: 'jmdi' }, [turnMiddleware('fr', {})]);
    const reply = await client.sendActivity('start');
    expect(reply.text).toBe(brain.kb.byId.get('jmdi')!.fr.answer);
  });
});
