import { type Activity, TestAdapter } from 'botbuilder';
import type { Brain } from '../src/app';
import { ConversationDataSchema } from '../src/bot/state';
import { startTurn } from '../src/bot/turn';
import type { Lang } from '../src/kb/schema';
import { sharedBrain } from './helpers/brain';
import { buttons, chat, texts } from './helpers/bot';

let brain: Brain;
beforeAll(async () => {
  brain = await sharedBrain();
});

const t = (lang: Lang, key: string) => brain.locales.translator(lang)(key);
const answer = (id: string, lang: Lang) => brain.kb.byId.get(id)![lang].answer;
const OPENER: Record<Lang, string> = { fr: 'bonjour', ar: 'السلام عليكم', en: 'hello' };
const EMERGENCY = /\b19\b[\s\S]*\b177\b|\b177\b[\s\S]*\b19\b/;

/** Opens the trafficking help from the menu: the bot asks "are you in danger right now?". */
async function askedAboutDanger(lang: Lang) {
  const c = chat(brain);
  await c.say(OPENER[lang]);
  const replies = await c.say(t(lang, 'menu.trafficking'));
  expect(replies[0]!.text).toBe(t(lang, 'dialog.trafficking.danger'));
  return c;
}

describe('the danger question carries the emergency line and takes any answer', () => {
  it.each<Lang>(['fr', 'ar', 'en'])('the question itself gives 19 and 177 (%s)', (lang) => {
    expect(t(lang, 'dialog.trafficking.danger')).toMatch(EMERGENCY);
  });

  const typedYes: Array<[Lang, string]> = [
    ['fr', 'oui vite svp'],
    ['fr', 'ouii il revient ce soir'],
    ['fr', "je crois que oui, j'ai peur"],
    ['ar', 'ايه عافاكم'],
    ['ar', 'نعم ساعدوني بسرعة'],
    ['ar', 'ah rah ja'],
    ['en', 'yes please hurry'],
    ['en', 'yeah i think so he is coming back'],
    ['en', 'help'],
  ];
  it.each(typedYes)('a typed answer that is not a clear "no" gets the numbers first (%s: %s)', async (lang, text) => {
    const c = await askedAboutDanger(lang);
    const replies = await c.say(text);
    expect(replies[0]!.text).toMatch(EMERGENCY);
    expect(replies[0]!.locale).toBe(t(lang, 'meta.locale'));
    // Then what IOM does for victims; the question is not asked again.
    expect(texts(replies)).toContain(answer('anti-trafficking-help', lang).split('\n')[0]!);
    expect(texts(replies)).not.toContain(t(lang, 'dialog.trafficking.danger'));
  });

  it.each<Lang>(['fr', 'ar', 'en'])('the number of the "no" button is a "no", not a "yes" (%s)', async (lang) => {
    const c = await askedAboutDanger(lang);
    const replies = await c.say('2');
    expect(replies[0]!.text).toContain(answer('anti-trafficking-help', lang).split('\n')[0]!);
    expect(replies.map((r) => r.text).join('\n')).not.toContain(t(lang, 'dialog.trafficking.danger'));
  });

  const noBut: Array<[Lang, string]> = [
    ['fr', 'non mais ma cousine travaille chez des gens qui ne la paient pas'],
    ['ar', 'لا ولكن صاحبتي خدامة بلا خلصة'],
    ['en', 'no but my friend is working for nothing and cannot leave'],
  ];
  it.each(noBut)('"no, but ..." goes on to the help, without looping (%s)', async (lang, text) => {
    const c = await askedAboutDanger(lang);
    const replies = await c.say(text);
    expect(texts(replies)).toContain(answer('anti-trafficking-help', lang).split('\n')[0]!);
    expect(texts(replies)).not.toContain(t(lang, 'dialog.trafficking.danger'));
    // The next message is an ordinary message again.
    const next = await c.say(OPENER[lang]);
    expect(texts(next)).not.toContain(t(lang, 'dialog.trafficking.danger'));
  });
});

describe("answers in words to the bot's choices", () => {
  it.each<Lang>(['fr', 'ar', 'en'])('a typed "next" goes on in a guided dialog (%s)', async (lang) => {
    const c = chat(brain);
    await c.say(OPENER[lang]);
    await c.say(t(lang, 'menu.avrr'));
    const next: Record<Lang, string> = { fr: 'suivant', ar: 'التالي', en: 'next' };
    const replies = await c.say(next[lang]);
    expect(replies[0]!.text).toBe(answer('avrr-from-morocco-eligibility', lang));
  });

  it('"yes" after "was this helpful?" counts as a thumbs up and keeps the follow-ups', async () => {
    const c = chat(brain);
    await c.say(OPENER.en);
    await c.say(brain.kb.byId.get('donors')!.en.questions[0]!);
    const replies = await c.say('yes');
    expect(replies[0]!.text).toBe(t('en', 'feedback.thanksYes'));
    const followups = brain.kb.byId.get('donors')!.followups.map((f) => brain.kb.byId.get(f)!.en.short ?? brain.kb.byId.get(f)!.en.title);
    expect(buttons(replies)).toEqual(expect.arrayContaining(followups));
  });

  it.each<[Lang, string, string]>([
    ['fr', 'tu sers à quoi ?', 'formation'],
    ['ar', 'شنو تقدر دير؟', 'التكوين'],
    ['en', 'what can you do?', 'training'],
  ])('the main word of a menu button picks it, whatever period its label shows (%s: %s / %s)', async (lang, ask, word) => {
    const c = chat(brain);
    const menu = await c.say(ask);
    expect(buttons(menu).some((b) => /\(\d{4}-\d{4}\)/.test(b))).toBe(true);
    const replies = await c.say(word);
    expect(texts(replies)).toContain(answer('vocational-training', lang).split('\n')[0]!);
  });

  it.each<Lang>(['fr', 'ar', 'en'])('the words of a "Next: ..." button without its prefix pick it (%s)', async (lang) => {
    const c = chat(brain);
    await c.say(OPENER[lang]);
    const offered = buttons(await c.say(t(lang, 'menu.avrr')));
    const next = offered.find((b) => b.includes(':'))!;
    expect(next).toBeDefined();
    const replies = await c.say(next.slice(next.indexOf(':') + 1).trim());
    expect(replies[0]!.text).toBe(answer('avrr-from-morocco-eligibility', lang));
  });

  it('"All topics" lists every topic, not the same menu again', async () => {
    const c = chat(brain);
    await c.say(OPENER.fr);
    const replies = await c.say(t('fr', 'menu.help'));
    const topics = new Set(brain.kb.entries.map((e) => e.topic));
    expect(buttons(replies).length).toBe(topics.size + 1);
    expect(buttons(replies)).toContain(brain.kb.byId.get('forsaty')!.fr.short);
  });
});

describe('forget me', () => {
  it.each<Lang>(['fr', 'ar', 'en'])(
    'marks the reply so that a web page clears its log, and says the messages stay on the phone (%s)',
    async (lang) => {
      const c = chat(brain);
      await c.say(OPENER[lang]);
      const replies: Partial<Activity>[] = await c.say(t(lang, 'menu.forget'));
      expect(replies[0]!.text).toContain(t(lang, 'reply.forgotten'));
      expect(replies[0]!.channelData).toEqual({ iomForget: true });
    },
  );
});

describe('no sentence twice in one reply', () => {
  it.each<Lang>(['fr', 'ar', 'en'])('the end of the voluntary return dialog says each sentence once (%s)', async (lang) => {
    const c = chat(brain);
    await c.say(OPENER[lang]);
    await c.say(t(lang, 'menu.avrr'));
    const next: Record<Lang, string> = { fr: 'suivant', ar: 'التالي', en: 'next' };
    let replies: Partial<Activity>[] = [];
    for (let i = 0; i < 4; i++) replies = await c.say(next[lang]);
    const lines = texts(replies)
      .split(/\n|(?<=[.!?؟])\s+/u)
      .map((l) => l.trim())
      .filter((l) => l.length > 30);
    expect(new Set(lines).size).toBe(lines.length);
  });
});

describe('one turn says each sentence once', () => {
  it('drops from a later message of the same turn a line already sent, and keeps short lines', async () => {
    const sent: Array<Partial<Activity>> = [];
    const adapter = new TestAdapter(async (context) => {
      const turn = startTurn(context, brain, 'fr', ConversationDataSchema.parse({}));
      const line = 'En danger maintenant : police 19 (hors des villes : Gendarmerie royale 177).';
      await turn.send({ lang: 'fr', locale: 'fr-MA', text: `${line}\nMenu`, options: [] });
      await turn.send({ lang: 'fr', locale: 'fr-MA', text: `Autre chose d'important à dire ici.\n${line}\nMenu`, options: [] });
    });
    await adapter.receiveActivity('x');
    sent.push(...adapter.activeQueue.splice(0));
    expect(sent[0]!.text).toContain('police 19');
    expect(sent[1]!.text).not.toContain('police 19');
    expect(sent[1]!.text).toContain("Autre chose d'important");
    expect(sent[1]!.text).toContain('Menu');
  });
});

describe('a button offered with the danger question', () => {
  it.each<Lang>(['fr', 'ar', 'en'])('is that choice, not a "yes" (%s)', async (lang) => {
    const c = chat(brain);
    await c.say(OPENER[lang]);
    // Signs of exploitation: the numbers, the help and "are you in danger right now?" with the help's follow-ups.
    const passport: Record<Lang, string> = {
      fr: 'mon patron garde mon passeport et ne me paie pas',
      ar: 'الباطرون شد ليا الباسبور وما كيخلصنيش',
      en: 'my boss keeps my passport and does not pay me',
    };
    const first = await c.say(passport[lang]);
    const phone = brain.kb.byId.get('contact-phone')![lang];
    expect(buttons(first)).toContain(phone.short ?? phone.title);
    const replies = await c.say(phone.short ?? phone.title);
    expect(texts(replies)).toContain(answer('contact-phone', lang).split('\n')[0]!);
  });
});
