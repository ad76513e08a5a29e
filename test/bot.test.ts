import { ActivityTypes, MemoryStorage, TestAdapter } from 'botbuilder';
import { IomBot } from '../src/bot/iom-bot';
import { createBotState } from '../src/bot/state';
import { createLogger } from '../src/log';
import type { Brain } from '../src/app';
import { readFeedback } from '../src/bot/feedback';
import type { Lang } from '../src/kb/schema';
import { sharedBrain } from './helpers/brain';
import { ARABIC, buttons, chat, texts } from './helpers/bot';

let brain: Brain;
beforeAll(async () => {
  brain = await sharedBrain();
});

const t = (lang: Lang, key: string, options?: Record<string, string>) => brain.locales.translator(lang)(key, options);
const answer = (id: string, lang: Lang) => brain.kb.byId.get(id)![lang].answer;
/** The label of a button that opens an entry: its short label, else its title. */
const title = (id: string, lang: Lang) => brain.kb.byId.get(id)![lang].short ?? brain.kb.byId.get(id)![lang].title;
/** A first message that sets the conversation's language without asking anything. */
const OPENER: Record<Lang, string> = { fr: 'bonjour', ar: 'السلام عليكم', en: 'hello' };

describe('first contact', () => {
  it('welcomes a new member in French by default, with the privacy line and the menu', async () => {
    const c = chat(brain);
    const replies = await c.say({
      type: ActivityTypes.ConversationUpdate,
      membersAdded: [{ id: 'user', name: 'user' }],
      recipient: { id: 'bot', name: 'bot' },
    });
    expect(replies).toHaveLength(1);
    expect(replies[0]!.locale).toBe('fr-MA');
    expect(replies[0]!.text).toContain(t('fr', 'reply.privacy'));
    expect(buttons(replies)).toEqual(
      expect.arrayContaining([t('fr', 'menu.avrr'), t('fr', 'menu.training'), t('fr', 'menu.trafficking'), t('fr', 'menu.contact')]),
    );
  });

  it('welcomes in the channel locale when it is Arabic', async () => {
    const c = chat(brain, { locale: 'ar-MA' });
    const replies = await c.say({
      type: ActivityTypes.ConversationUpdate,
      membersAdded: [{ id: 'user', name: 'user' }],
      recipient: { id: 'bot', name: 'bot' },
    });
    expect(replies[0]!.locale).toBe('ar-MA');
    expect(replies[0]!.text).toMatch(ARABIC);
  });

  it('greets a first "salam" in Arabic with the menu', async () => {
    const replies = await chat(brain).say('salam');
    expect(replies).toHaveLength(1);
    expect(replies[0]!.locale).toBe('ar-MA');
    expect(replies[0]!.text).toContain(t('ar', 'reply.privacy'));
    expect(buttons(replies)).toContain(t('ar', 'menu.avrr'));
  });

  it('answers a whole first question after a short welcome', async () => {
    const replies = await chat(brain).say('Which phone number can I call to reach IOM Morocco?');
    expect(replies[0]!.text).toContain(t('en', 'reply.privacy'));
    expect(texts(replies)).toContain('+212 (0)5 37 65 28 81');
    expect(replies.every((r) => r.locale === 'en')).toBe(true);
  });
});

describe('voluntary return dialog', () => {
  const steps = [
    'avrr-from-morocco',
    'avrr-from-morocco-eligibility',
    'avrr-from-morocco-support',
    'avrr-from-morocco-vulnerable',
    'avrr-from-morocco-how-to-ask',
  ];

  it.each<Lang>(['fr', 'ar', 'en'])('walks through every step in %s and never asks for identity', async (lang) => {
    const c = chat(brain);
    await c.say(OPENER[lang]); // past the welcome
    let replies = await c.say(t(lang, 'menu.avrr'));
    expect(texts(replies)).toContain(answer(steps[0]!, lang));
    for (let i = 1; i < steps.length; i++) {
      const next = t(lang, 'dialog.next', { title: title(steps[i]!, lang) });
      expect(buttons(replies)).toContain(next);
      replies = await c.say(next);
      expect(texts(replies)).toContain(answer(steps[i]!, lang));
      expect(replies.every((r) => r.locale === t(lang, 'meta.locale'))).toBe(true);
    }
    expect(texts(replies)).toContain(t(lang, 'dialog.avrr.noRegistration'));
    expect(replies[replies.length - 1]!.text).toBe(t(lang, 'feedback.question'));
  });

  it.each<[Lang, string]>([
    ['fr', 'Je veux rentrer dans mon pays, comment marche le retour volontaire ?'],
    ['ar', 'بغيت نرجع لبلادي، كيفاش نستافد من العودة الطوعية؟'],
    ['en', 'I want to go back to my country with voluntary return'],
  ])('is reached by a question in %s', async (lang, question) => {
    const c = chat(brain);
    await c.say(OPENER[lang]);
    const replies = await c.say(question);
    const avrrAnswers = brain.kb.entries.filter((e) => e.topic === 'avrr-from-morocco').map((e) => e[lang].answer);
    expect(avrrAnswers).toContain(replies[0]!.text);
    expect(replies[0]!.locale).toBe(t(lang, 'meta.locale'));
  });

  it('starts from the menu button too', async () => {
    const c = chat(brain);
    await c.say('bonjour');
    const replies = await c.say(t('fr', 'menu.avrr'));
    expect(texts(replies)).toContain(answer('avrr-from-morocco', 'fr'));
  });

  it('stops when the user cancels in the middle, in any language', async () => {
    for (const [lang, word] of [
      ['fr', 'annuler'],
      ['en', 'stop'],
      ['ar', 'إلغاء'],
    ] as Array<[Lang, string]>) {
      const c = chat(brain);
      await c.say(OPENER[lang]);
      await c.say(t(lang, 'menu.avrr'));
      const replies = await c.say(word);
      expect(replies[0]!.text).toBe(t(lang, 'reply.cancelled'));
      // The next "Next" label is no longer understood as a step of the dialog.
      const after = await c.say(t(lang, 'dialog.next', { title: title('avrr-from-morocco-eligibility', lang) }));
      expect(buttons(after)).not.toContain(t(lang, 'dialog.next', { title: title('avrr-from-morocco-support', lang) }));
    }
  });

  it('gives way to a new question asked in the middle', async () => {
    const c = chat(brain);
    await c.say('bonjour');
    await c.say(t('fr', 'menu.avrr'));
    const replies = await c.say("Qui finance l'OIM au Maroc ?");
    expect(texts(replies)).toContain(answer('donors', 'fr'));
  });
});

describe('vocational training dialog', () => {
  it.each<Lang>(['fr', 'ar', 'en'])('says the project ended in June 2016 and whom to contact (%s)', async (lang) => {
    const c = chat(brain);
    await c.say(OPENER[lang]);
    let replies = await c.say(t(lang, 'menu.training'));
    expect(texts(replies)).toContain(answer('vocational-training', lang));
    expect(texts(replies)).toContain('2016');
    replies = await c.say('1');
    expect(texts(replies)).toContain(answer('vocational-training-eligibility', lang));
    replies = await c.say('1');
    expect(texts(replies)).toContain(answer('vocational-training-now', lang));
  });
});

describe('trafficking dialog', () => {
  it.each<[Lang, string]>([
    ['fr', "Mon patron a pris mon passeport et m'enferme, je suis victime de traite"],
    ['ar', 'أنا ضحية الاتجار بالبشر، أخذوا جواز سفري'],
    ['en', 'I am a victim of human trafficking, they took my passport'],
  ])('gives the numbers first, then the help and "are you in danger now?", then the numbers again on "yes" (%s)', async (lang, message) => {
    const c = chat(brain);
    await c.say(OPENER[lang]);
    let replies = await c.say(message);
    // One message: the numbers on top, then the help, then the question.
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text!.startsWith(answer('anti-trafficking-emergency', lang))).toBe(true);
    expect(replies[0]!.text).toContain(answer('anti-trafficking-help', lang).split('\n')[0]!);
    expect(replies[0]!.text!.endsWith(t(lang, 'safety.question'))).toBe(true);
    expect(buttons(replies).slice(0, 2)).toEqual([t(lang, 'dialog.trafficking.yes'), t(lang, 'dialog.trafficking.no')]);
    replies = await c.say(t(lang, 'dialog.trafficking.yes'));
    expect(replies[0]!.text!.startsWith(answer('anti-trafficking-emergency', lang))).toBe(true);
    expect(replies[0]!.text).toContain('19');
    expect(replies[0]!.text).toContain('+212');
    // Then what IOM does, without saying the emergency line a second time.
    const help = answer('anti-trafficking-help', lang).split('\n');
    const emergencyLine = help.find((l) => l.includes('177'))!;
    expect(texts(replies)).toContain(help[0]!);
    expect(texts(replies).split(emergencyLine)).toHaveLength(2);
  });

  it('understands a plain "non" and skips the emergency message', async () => {
    const c = chat(brain);
    await c.say('bonjour');
    await c.say(t('fr', 'menu.trafficking'));
    const replies = await c.say('non');
    expect(texts(replies)).not.toContain(answer('anti-trafficking-emergency', 'fr'));
    expect(texts(replies)).toContain(answer('anti-trafficking-help', 'fr'));
  });
});

describe('contact dialog', () => {
  it.each<[Lang, string]>([
    ['fr', "Quelle est l'adresse de l'OIM ?"],
    ['ar', 'ما هو رقم هاتف المنظمة الدولية للهجرة؟'],
    ['en', 'How can I contact IOM?'],
  ])('gives the details with tap-to-call, website and map (%s)', async (lang, question) => {
    const c = chat(brain);
    await c.say(OPENER[lang]);
    const replies = await c.say(question);
    const last = replies[replies.length - 1]!;
    const links = (last.attachments?.[0]?.content as { buttons: Array<{ type: string; value: string }> }).buttons;
    expect(links).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'call', value: 'tel:+212537652881' }),
        expect.objectContaining({ type: 'openUrl', value: 'https://morocco.iom.int' }),
        expect.objectContaining({ type: 'openUrl', value: expect.stringContaining('openstreetmap') }),
      ]),
    );
  });
});

describe('language', () => {
  it('switches by words and keeps the language on a short ambiguous message', async () => {
    const c = chat(brain);
    await c.say('Bonjour');
    let replies = await c.say('English please');
    expect(replies[0]!.text).toBe(t('en', 'reply.languageSwitched'));
    replies = await c.say('merci');
    expect(replies[0]!.locale).toBe('en');
    replies = await c.say('بالعربية');
    expect(replies[0]!.locale).toBe('ar-MA');
    replies = await c.say('ok');
    expect(replies[0]!.locale).toBe('ar-MA');
  });

  it('switches with the language button', async () => {
    const c = chat(brain);
    const welcome = await c.say('bonjour');
    expect(buttons(welcome)).toContain('English');
    const replies = await c.say('English');
    expect(replies[0]!.text).toBe(t('en', 'reply.languageSwitched'));
    expect(replies[0]!.locale).toBe('en');
  });
});

describe('clarify, none, follow-ups and feedback', () => {
  it('offers the candidates as buttons when unsure, and a button answers', async () => {
    const c = chat(brain);
    await c.say('bonjour');
    const decision = brain.engine.understand('OIM', { conversationLang: 'fr' });
    expect(decision.kind).toBe('clarify');
    const replies = await c.say('OIM');
    expect(replies[0]!.text).toBe(t('fr', 'reply.clarify'));
    const titles = decision.suggestions.map((s) => title(s.entry, 'fr'));
    expect(buttons(replies)).toEqual([...titles, t('fr', 'menu.menu')]);
    const picked = await c.say(titles[0]!);
    const first = decision.suggestions[0]!.entry;
    expect(texts(picked)).toContain(answer(first, 'fr'));
  });

  it('says honestly it does not know, with the menu and how to reach IOM', async () => {
    const c = chat(brain);
    await c.say('bonjour');
    const replies = await c.say('Est-ce que le zorblax frobnique la plugh ?');
    expect(replies[0]!.text).toContain(t('fr', 'reply.none'));
    expect(replies[0]!.text).toContain('+212 (0)5 37 65 28 81');
    expect(buttons(replies)).toContain(t('fr', 'menu.avrr'));
  });

  it('follows a follow-up button, then counts feedback without user id or text', async () => {
    const c = chat(brain);
    await c.say('hello');
    let replies = await c.say('Who funds IOM Morocco?');
    expect(texts(replies)).toContain(answer('donors', 'en'));
    expect(replies[replies.length - 1]!.text).toBe(t('en', 'feedback.question'));
    const followup = brain.kb.byId.get('donors')!.followups[0]!;
    replies = await c.say(title(followup, 'en'));
    expect(texts(replies)).toContain(answer(followup, 'en'));

    await c.say('Who funds IOM Morocco?');
    replies = await c.say(t('en', 'feedback.yes'));
    expect(replies[0]!.text).toBe(t('en', 'feedback.thanksYes'));
    await c.say('Who funds IOM Morocco?');
    await c.say('2'); // "No", by its number
    const counts = await readFeedback(c.storage);
    expect(counts.donors).toEqual({ helpful: 1, notHelpful: 1 });
    const stored = JSON.stringify(counts);
    expect(stored).not.toContain('user');
    expect(stored).not.toContain('funds');
  });
});

describe('messages that are not text', () => {
  it('answers an image politely in the conversation language, with the menu', async () => {
    const c = chat(brain);
    await c.say('salam');
    const replies = await c.say({
      type: ActivityTypes.Message,
      attachments: [{ contentType: 'image/jpeg', contentUrl: 'https://example.invalid/x.jpg' }],
    });
    expect(replies[0]!.text).toBe(t('ar', 'reply.nonText'));
    expect(buttons(replies)).toContain(t('ar', 'menu.avrr'));
  });

  it('shows the menu for whitespace-only text', async () => {
    const c = chat(brain);
    await c.say('hello');
    const replies = await c.say('   ');
    expect(replies[0]!.text).toBe(t('en', 'reply.menu'));
  });
});

describe('channels without buttons', () => {
  it('numbers the options and understands a number as a choice', async () => {
    const c = chat(brain, { channelId: 'sms' });
    const welcome = await c.say('bonjour');
    expect(welcome[0]!.suggestedActions).toBeUndefined();
    expect(welcome[0]!.text).toMatch(new RegExp(`\\n1\\. ${t('fr', 'menu.avrr')}`));
    const replies = await c.say('4'); // Contact
    expect(texts(replies)).toContain(answer('contact', 'fr'));
    expect(texts(replies)).toContain('morocco.iom.int');
  });

  it('escapes Telegram Markdown in answers', async () => {
    const c = chat(brain, { channelId: 'telegram' });
    const replies = await c.say('Who funds the project? *_[test]_*');
    for (const r of replies) expect(r.text).not.toMatch(/(^|[^\\])[*_[\]`]/);
  });
});

describe('start links', () => {
  it('treats "/start TAG" as the start of a conversation, not a question, and counts its source', async () => {
    const c = chat(brain);
    const replies = await c.say('/start rabat-office');
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toContain(t('fr', 'reply.privacy'));
    expect(c.bot.stats.snapshot().conversationsBySource).toEqual({ 'rabat-office': 1 });
  });

  it('moves a conversation counted without source to the tag of a later "/start TAG"', async () => {
    const c = chat(brain);
    await c.say({
      type: ActivityTypes.ConversationUpdate,
      membersAdded: [{ id: 'user', name: 'user' }],
      recipient: { id: 'bot', name: 'bot' },
    });
    expect(c.bot.stats.snapshot().conversationsBySource).toEqual({ '(none)': 1 });
    await c.say('/start poster-12');
    expect(c.bot.stats.snapshot().conversationsBySource).toEqual({ 'poster-12': 1 });
  });
});

describe('turn errors', () => {
  it('apologise in the conversation language and forget the conversation state', async () => {
    const broken: Brain = {
      ...brain,
      engine: {
        ...brain.engine,
        understand: () => {
          throw new Error('understanding failed');
        },
      },
    };
    const storage = new MemoryStorage();
    const bot = new IomBot({ brain: broken, state: createBotState(storage), log: createLogger('silent') });
    const adapter = new TestAdapter(async (context) => bot.run(context), { locale: 'en-US' });
    adapter.onTurnError = async (context) => bot.recoverFromError(context);
    await adapter.receiveActivity({
      type: ActivityTypes.ConversationUpdate,
      membersAdded: [{ id: 'user', name: 'user' }],
      recipient: { id: 'bot', name: 'bot' },
    });
    adapter.activeQueue.splice(0);
    const key = `test/conversations/${adapter.conversation.conversation.id}/`;
    expect((await storage.read([key]))[key]).toBeDefined();

    await adapter.receiveActivity('hello');
    const replies = adapter.activeQueue.splice(0);
    expect(replies[replies.length - 1]!.text).toBe(t('en', 'reply.error'));
    expect(replies[replies.length - 1]!.locale).toBe('en');
    expect((await storage.read([key]))[key]).toBeUndefined();
  });
});

describe('forget me', () => {
  it.each<[Lang, string]>([
    ['en', 'forget me'],
    ['fr', 'oublie-moi'],
    ['ar', 'احذف بياناتي'],
  ])('deletes the conversation and user state and confirms (%s)', async (lang, words) => {
    const c = chat(brain);
    await c.say(OPENER[lang]);
    await c.say(t(lang, 'menu.avrr')); // a dialog in progress
    const conversationKey = `test/conversations/${c.adapter.conversation.conversation.id}/`;
    const userKey = `test/users/${c.adapter.conversation.user!.id}/`;
    expect(Object.keys(await c.storage.read([conversationKey, userKey]))).toContain(conversationKey);
    const replies = await c.say(words);
    expect(replies[0]!.text).toBe(t(lang, 'reply.forgotten'));
    expect(replies[0]!.locale).toBe(t(lang, 'meta.locale'));
    expect(await c.storage.read([conversationKey, userKey])).toEqual({});
  });

  it('is in the menu', async () => {
    const c = chat(brain);
    const welcome = await c.say('hello');
    expect(buttons(welcome)).toContain(t('en', 'menu.forget'));
    const replies = await c.say(t('en', 'menu.forget'));
    expect(replies[0]!.text).toBe(t('en', 'reply.forgotten'));
  });
});
