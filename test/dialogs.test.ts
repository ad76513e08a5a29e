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
  it.each<Lang>(['fr', 'ar', 'en'])('in %s: danger question, then emergency numbers first, then help and the delete-chat reminder', async (lang) => {
    const t = brain.locales.translator(lang);
    const client = new DialogTestClient('test', new TraffickingDialog('trafficking'), undefined, [turnMiddleware(lang, { yes: 'dialog:yes' })]);
    let reply = await client.sendActivity('start');
    expect(reply.text).toBe(t('dialog.trafficking.danger'));
    reply = await client.sendActivity('yes');
    expect(reply.text).toBe(brain.kb.byId.get('anti-trafficking-emergency')![lang].answer);
    reply = client.getNextReply();
    expect(reply.text).toContain(brain.kb.byId.get('anti-trafficking-help')![lang].answer);
    expect(reply.text).toContain(t('dialog.trafficking.deleteChat'));
    expect(client.dialogTurnResult.status).toBe('complete');
  });
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
