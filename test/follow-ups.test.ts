import type { Activity } from 'botbuilder';
import type { Brain } from '../src/app';
import type { Lang } from '../src/kb/schema';
import { sharedBrain } from './helpers/brain';
import { chat, texts } from './helpers/bot';

let brain: Brain;
beforeAll(async () => {
  brain = await sharedBrain();
});

const t = (lang: Lang, key: string) => brain.locales.translator(lang)(key);
const answer = (id: string, lang: Lang) => brain.kb.byId.get(id)![lang].answer;
const question = (id: string, lang: Lang) => brain.kb.byId.get(id)![lang].questions[0]!;
const PHONE = '+212 (0)5 37 65 28 81';

/** A conversation that has just been answered about `entry`, then the follow-up's replies. */
async function followUp(entry: string, lang: Lang, text: string): Promise<Partial<Activity>[]> {
  const c = chat(brain);
  await c.say(question(entry, lang));
  return c.say(text);
}

describe('a follow-up without a topic word is about the topic of the conversation', () => {
  const stillOpen: Array<[Lang, string, string, RegExp]> = [
    ['fr', 'vocational-training', 'et ça existe toujours ?', /2016/],
    ['ar', 'vocational-training', 'واش باقي كاين؟', /2016/],
    ['en', 'vocational-training', 'is that still going on?', /2016/],
    ['fr', 'avrr-to-morocco', "ça marche encore aujourd'hui ?", /2015/],
    ['en', 'motuse', 'is it finished?', /2016/],
    ['fr', 'avrr-from-morocco', "et c'est toujours en cours ?", /2005/],
    ['fr', 'forsaty', 'c fini ?', /2017/],
  ];
  it.each(stillOpen)('"still open?" gets the period of the entry (%s, %s: %s)', async (lang, entry, text, period) => {
    const replies = await followUp(entry, lang, text);
    expect(texts(replies)).toMatch(period);
    expect(replies.every((r) => r.locale === t(lang, 'meta.locale'))).toBe(true);
  });

  const cost: Array<[Lang, string]> = [
    ['fr', 'il faut payer quelque chose ?'],
    ['ar', 'واش خاصني نخلص شي حاجة؟'],
    ['en', 'do I have to pay for it?'],
  ];
  it.each(cost)('"how much?" says the sheet gives no cost and gives the phone, inventing no sum (%s: %s)', async (lang, text) => {
    const replies = await followUp('avrr-from-morocco', lang, text);
    const all = texts(replies);
    expect(all).toContain(t(lang, 'facet.cost'));
    expect(all.replace(PHONE, '')).not.toMatch(/\d+\s?(€|euros?|dirhams?|DH|MAD|\$|USD|درهم)/iu);
  });

  const whoFor: Array<[Lang, string]> = [
    ['fr', "c'est pour qui ?"],
    ['ar', 'لمن هذا المشروع؟'],
    ['en', 'who was it for?'],
  ];
  it.each(whoFor)('"who is it for?" about a project whose answer names its public gets that answer (%s: %s)', async (lang, text) => {
    const replies = await followUp('forsaty', lang, text);
    expect(texts(replies)).toContain(answer('forsaty', lang).split('\n')[0]!);
    expect(texts(replies)).not.toContain(t(lang, 'facet.who'));
  });

  const funders: Array<[Lang, string]> = [
    ['fr', 'et qui l’a financé ?'],
    ['ar', 'شكون موله؟'],
    ['en', 'who paid for it?'],
  ];
  it.each(funders)('"who paid for it?" after a project gets that project, which names its funders (%s: %s)', async (lang, text) => {
    const replies = await followUp('motuse', lang, text);
    expect(texts(replies)).toContain(answer('motuse', lang).split('\n')[0]!);
    expect(texts(replies)).not.toContain(answer('donors', lang).split('\n')[0]!);
  });

  const place: Array<[Lang, string, string]> = [
    ['fr', 'salemm', "c'était dans quelles villes ?"],
    ['ar', 'forsaty', 'فأي مدن كان هاد المشروع؟'],
    ['en', 'motuse', 'which countries?'],
  ];
  it.each(place)(
    '"which cities?" about a project gets its answer, which names them; never the office (%s, %s: %s)',
    async (lang, entry, text) => {
      const replies = await followUp(entry, lang, text);
      expect(texts(replies)).toContain(answer(entry, lang).split('\n')[0]!);
      expect(texts(replies)).not.toContain(answer('contact-address', lang).split('\n')[0]!);
    },
  );

  it.each<[Lang, string]>([
    ['fr', 'ça se passait où ?'],
    ['ar', 'فين كان؟'],
    ['en', 'where did it take place?'],
  ])('"where did it take place?" about a project whose answer names no place says so, not the office (%s: %s)', async (lang, text) => {
    const replies = await followUp('vocational-training', lang, text);
    expect(texts(replies)).toContain(t(lang, 'facet.place').split('+212')[0]!.trim());
  });

  it.each<[Lang, string]>([
    ['fr', 'ça prend combien de temps ?'],
    ['ar', 'وشحال كتاخد ديال الوقت؟'],
    ['en', 'how long does it take?'],
  ])('"how long does it take?" gets the period and no promised delay (%s: %s)', async (lang, text) => {
    const d = brain.engine.understand(text, { lastEntry: 'avrr-from-morocco', conversationLang: lang });
    expect(d).toMatchObject({ kind: 'answer', facet: 'when', topic: 'avrr-from-morocco' });
  });

  it.each<[Lang, string]>([
    ['fr', 'suivant'],
    ['ar', 'التالي'],
    ['en', 'next'],
  ])('"next" after an answer that is not a guided step opens its first follow-up (%s: %s)', async (lang, text) => {
    const c = chat(brain);
    await c.say(question('avrr-from-morocco', lang));
    const eligibility = await c.say(brain.kb.byId.get('avrr-from-morocco-eligibility')![lang].questions[0]!);
    const first = brain.kb.byId.get('avrr-from-morocco-eligibility')!.followups[0]!;
    expect(texts(eligibility)).toContain(answer('avrr-from-morocco-eligibility', lang).split('\n')[0]!);
    const replies = await c.say(text);
    expect(texts(replies)).toContain(answer(first, lang).split('\n')[0]!);
  });

  const hours: Array<[Lang, string]> = [
    ['fr', 'vous êtes ouverts le week-end ?'],
    ['ar', 'واش محلولين فالويكاند؟'],
    ['en', 'are you open on weekends?'],
  ];
  it.each(hours)(
    'opening hours, even as a first message, get the honest answer: no hours in the sheet, call first (%s: %s)',
    (lang, text) => {
      const d = brain.engine.understand(text, {});
      expect(d).toMatchObject({ kind: 'answer', topic: 'contact', facet: 'hours', lang });
    },
  );

  const email: Array<[Lang, string]> = [
    ['fr', 'vous avez une adresse électronique ?'],
    ['ar', 'عندكم إيميل؟'],
    ['en', 'what is your email address?'],
  ];
  it.each(email)('an e-mail question gets the honest answer and the phone, never an address (%s: %s)', async (lang, text) => {
    const replies = await followUp('avrr-from-morocco', lang, text);
    const all = texts(replies);
    expect(all).toContain(PHONE);
    expect(all).not.toMatch(/@/);
  });

  const where: Array<[Lang, string]> = [
    ['fr', 'et vous êtes où ?'],
    ['ar', 'فين كاين المكتب ديالكم؟'],
    ['en', 'where are you based?'],
  ];
  it.each(where)('"where?" gives the office address (%s: %s)', async (lang, text) => {
    const replies = await followUp('vocational-training', lang, text);
    expect(texts(replies)).toMatch(/Ait Ourir|آيت أورير/);
  });

  const whatHelp: Array<[Lang, string]> = [
    ['fr', "je suis sortie, je suis chez une cousine maintenant. l'OIM peut faire quoi pour moi ?"],
    ['ar', 'هربت ودابا أنا عند صاحبتي، آش ندير من بعد؟'],
    ['en', "I left that house, I'm staying with my cousin. what help can I get?"],
  ];
  it.each(whatHelp)('"what can IOM do for me now?" after the trafficking answer is the help for victims (%s: %s)', (lang, text) => {
    const d = brain.engine.understand(text, { lastEntry: 'anti-trafficking-help', conversationLang: lang });
    expect(d).toMatchObject({ kind: 'answer', topic: 'anti-trafficking', facet: 'how', lang });
  });

  const afterEmail: Array<[Lang, string, string]> = [
    ['fr', 'je peux vous envoyer un e-mail ?', 'et une fois rentré, vous aidez à ouvrir un petit commerce ?'],
    ['ar', 'عندكم إيميل؟', 'وملي نرجع، واش كتعاونو فشي مشروع صغير؟'],
    ['en', 'do you have an email?', "and after I'm back, can you help me start a small business?"],
  ];
  it.each(afterEmail)('asking for the e-mail beside a topic keeps the conversation on that topic (%s)', async (lang, email, next) => {
    const c = chat(brain);
    await c.say(question('avrr-to-morocco', lang));
    expect(texts(await c.say(email))).toContain(PHONE);
    const replies = await c.say(next);
    expect(texts(replies)).toContain(answer('avrr-to-morocco', lang).split('\n')[0]!);
  });

  it('a follow-up that names another topic answers that topic', async () => {
    const replies = await followUp('vocational-training', 'fr', 'et le retour volontaire, qui peut le demander ?');
    expect(texts(replies)).toContain(answer('avrr-from-morocco-eligibility', 'fr'));
  });
});

describe('with no topic yet, "where" and "phone" words beside another subject ask about that subject', () => {
  it.each([
    ['fr', 'où faire une radio des poumons pas chère à Rabat ?', 'none'],
    ['ar', 'فين نقدر نتسجل فالتكوين المهني ديال المهاجرين؟', 'vocational-training'],
    ['en', 'where does the FORSATY project work?', 'forsaty'],
  ] as Array<[Lang, string, string]>)('%s: %j', (_lang, text, topic) => {
    const d = brain.engine.understand(text, {});
    expect(d.topic).toBe(topic);
  });

  it.each([
    ['fr', 'où se trouve votre bureau à Rabat ?'],
    ['ar', 'شنو هو الرقم ديال التيليفون ديالكم؟'],
    ['en', 'what are your opening hours?'],
  ] as Array<[Lang, string]>)("%s: IOM's office, phone and hours are still the contact: %j", (_lang, text) => {
    expect(brain.engine.understand(text, {})).toMatchObject({ kind: 'answer', topic: 'contact' });
  });
});

describe('a facet said inside a longer one is that one', () => {
  it.each([
    ['fr', 'et je commence par où ?'],
    ['ar', 'منين نبدا؟'],
    ['en', 'ok, where do I start?'],
  ] as Array<[Lang, string]>)('"where do I start?" asks how to ask, not where the office is (%s: %s)', (lang, text) => {
    const d = brain.engine.understand(text, { lastEntry: 'vocational-training', conversationLang: lang });
    expect(d).toMatchObject({ facet: 'how', topic: 'vocational-training' });
  });
});

describe('commands in natural words', () => {
  const forget: Array<[Lang, string]> = [
    ['fr', 'effacez tout ce que vous savez sur moi svp'],
    ['fr', 'je veux que tu oublies tout'],
    ['ar', 'حيد ليا المعلومات ديالي كاملين'],
    ['ar', 'msa7 lma3lomat dyali'],
    ['en', 'please erase all my information'],
    ['en', 'wipe my data please'],
    ['fr', 'oubliez ce que je vous ai écrit hier'],
    ['ar', 'msa7 ga3 dakchi 3afak'],
    ['ar', 'انسى كلشي عافاك'],
    ['en', 'please forget what I said before'],
  ];
  it.each(forget)('"forget me" in words forgets and says what really happened (%s: %s)', async (lang, text) => {
    const c = chat(brain);
    await c.say(question('donors', lang));
    const replies = await c.say(text);
    expect(replies[0]!.text).toContain(t(lang, 'reply.forgotten'));
    expect(replies[0]!.channelData).toEqual({ iomForget: true });
  });

  const stop: Array<[Lang, string]> = [
    ['fr', 'bon ça suffit'],
    ['ar', 'صافي بركة'],
    ['en', "that's enough thanks"],
  ];
  it.each(stop)('"that\'s enough" stops a guided dialog (%s: %s)', async (lang, text) => {
    const c = chat(brain);
    await c.say(question('donors', lang));
    await c.say(t(lang, 'menu.avrr'));
    const replies = await c.say(text);
    expect(replies[0]!.text).toBe(t(lang, 'reply.cancelled'));
  });

  const capabilities: Array<[Lang, string]> = [
    ['fr', 'tu peux faire quoi exactement ?'],
    ['ar', 'شنو تقدر تدير ليا؟'],
    ['en', 'what are you able to do?'],
  ];
  it.each(capabilities)('"what can you do?" lists what the bot answers about (%s: %s)', async (lang, text) => {
    const c = chat(brain);
    await c.say(question('donors', lang));
    const replies = await c.say(text);
    expect(replies[0]!.text).toBe(t(lang, 'reply.help'));
  });

  const language: Array<[string, Lang]> = [
    ['réponds-moi en anglais stp', 'en'],
    ['could you write to me in arabic', 'ar'],
    ['جاوبني بالفرنسية عافاك', 'fr'],
    ["je préfère qu'on parle en arabe", 'ar'],
    ['can we continue in french, my english is bad', 'fr'],
    ['wach n9dro nhedro bl ingliziya?', 'en'],
  ];
  it.each(language)('"answer in ..." switches the language (%s)', async (text, lang) => {
    const c = chat(brain);
    await c.say(question('donors', 'fr'));
    const replies = await c.say(text);
    expect(replies[0]!.locale).toBe(t(lang, 'meta.locale'));
    const next = await c.say('ok');
    expect(next[0]!.locale).toBe(t(lang, 'meta.locale'));
  });
});

describe('a greeting with a question answers the question', () => {
  const greeted: Array<[Lang, string]> = [
    ['fr', 'bonsoir, où se trouve votre bureau à Rabat ?'],
    ['ar', 'السلام عليكم، فين كاين المكتب ديال المنظمة؟'],
    ['en', 'hi there, where is the IOM office?'],
  ];
  it.each(greeted)('greets briefly and gives the address (%s: %s)', async (lang, text) => {
    const replies = await chat(brain).say(text);
    expect(replies[0]!.text).toContain(t(lang, 'reply.greeting'));
    expect(texts(replies)).toMatch(/Ait Ourir|آيت أورير/);
  });
});
