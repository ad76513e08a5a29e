import type { Activity } from 'botbuilder';
import type { Brain } from '../src/app';
import type { Lang } from '../src/kb/schema';
import { sharedBrain } from './helpers/brain';
import { type Chat, chat, texts } from './helpers/bot';

let brain: Brain;
beforeAll(async () => {
  brain = await sharedBrain();
});

jest.setTimeout(60_000);

const t = (lang: Lang, key: string) => brain.locales.translator(lang)(key);
const OPENER: Record<Lang, string> = { fr: 'bonjour', ar: 'السلام عليكم', en: 'hello' };

/**
 * Danger and trafficking told in the words people use (our own phrasings, not the detector's
 * forms word for word): immediate danger, and the forced-labour indicators (documents taken,
 * no pay, locked in, debt, threats, violence, forced sex work or begging, sold).
 */
const PHRASINGS: Record<Lang, string[]> = {
  fr: [
    'au secours il veut me tuer',
    'je suis en danger, il est devant la porte',
    "aidez moi svp il m'a frappée toute la nuit",
    "mon patron m'a pris mon passeport et je ne peux pas partir",
    'ils me gardent enfermée dans la maison depuis des semaines',
    'je travaille chez une famille et on ne me paie jamais',
    'je dois rembourser le voyage à celui qui m a fait venir sinon il me menace',
    'on me force à coucher avec des clients',
    'ils nous obligent à mendier et prennent tout l argent',
    "on m'a vendue à un homme à Casablanca",
    'il menace de tuer ma famille au pays si je parle',
    'la madame garde mes papiers et mon téléphone',
    "j'ai peur il va revenir me battre",
    'je suis séquestrée chez mon employeur',
    'on travaille dans les champs sans salaire et on ne peut pas sortir',
  ],
  ar: [
    'kaykhdmo bina f l7e9el bla flous w ma kaykhliwnach nmchiw',
    'ما كيخلصوناش وما كيخليوناش نخرجو من الضيعة',
    'عتقوني راه غادي يقتلني',
    'أنا في خطر الآن وهو أمام الباب',
    'ضربني بزاف البارح وخايفة',
    'الباطرون شد ليا الباسبور وما خلانيش نمشي',
    'حابسيني فالدار هادي شهر',
    'كنخدم عند واحد العائلة وما كيخلصونيش',
    'خاصني نرد ليه فلوس الطريق ولا غادي يأذيني',
    'كيجبروني نخدم فالدعارة',
    'صادروا جواز سفري ولا يدفعون لي أجري',
    'باعوني لواحد الراجل',
    'يهددون عائلتي في بلدي إذا تكلمت',
    '7absini f dar o khayfa bzaf',
    'drebni o ghadi yrje3',
    'ma kikhalsounich o dayrin lia lpaspor',
    'kayjebrouni nsa3ou f zen9a o kayakhdo lflous',
  ],
  en: [
    'help me please he is going to kill me',
    'i am in danger right now he is outside',
    'my husband beat me again and i am scared',
    'my boss took my passport and i cannot leave',
    'they lock me in the house every day',
    'i work for a family and they never pay me',
    'i have to pay back the trip to the man who brought me or he hurts me',
    'they force me to sleep with men',
    'we are forced to beg and they take all the money',
    'somebody sold me to another man',
    'they threaten my family back home if i talk',
    'the lady keeps my papers and my phone',
    'he is here now and i am afraid',
    'i am being held by my employer and cannot go out',
    'we work on a farm with no wages and they will not let us go',
  ],
};

const EMERGENCY = [/(^|\D)19(\D|$)/, /(^|\D)177(\D|$)/];
const TEL_LINK = /\]\(tel:(19|177|15)\)/;

function expectNumbersFirst(replies: Partial<Activity>[], lang: Lang): void {
  const first = replies[0]!;
  for (const n of EMERGENCY) expect(first.text).toMatch(n);
  expect(first.text).toMatch(TEL_LINK);
  expect(first.locale).toBe(t(lang, 'meta.locale'));
}

/** The states a message can arrive in, each ending just before the message is sent. */
const STATES: Record<string, (c: Chat, lang: Lang) => Promise<void>> = {
  'as the first message': async () => {},
  'after a greeting': async (c, lang) => {
    await c.say(OPENER[lang]);
  },
  'inside the voluntary return dialog': async (c, lang) => {
    await c.say(OPENER[lang]);
    await c.say(t(lang, 'menu.avrr'));
  },
  'inside the training dialog': async (c, lang) => {
    await c.say(OPENER[lang]);
    await c.say(t(lang, 'menu.training'));
  },
  'as the answer to the danger question': async (c, lang) => {
    await c.say(OPENER[lang]);
    const asked = await c.say(t(lang, 'menu.trafficking'));
    // The question carries the emergency line itself.
    expect(asked[0]!.text).toMatch(TEL_LINK);
  },
};

describe.each(Object.keys(STATES))('a message that signals danger or trafficking, %s', (state) => {
  const cases = (Object.entries(PHRASINGS) as Array<[Lang, string[]]>).flatMap(([lang, list]) =>
    list.map((text) => [lang, text] as [Lang, string]),
  );
  it.each(cases)('gets 19 and 177, tappable, in the first message (%s: %s)', async (lang, text) => {
    const c = chat(brain, { channelId: 'webchat' });
    await STATES[state]!(c, lang);
    const replies = await c.say(text);
    expectNumbersFirst(replies, lang);
    // Then, in the same message and after the numbers, what IOM does for victims.
    const first = replies[0]!.text ?? '';
    const helpStart = brain.kb.byId.get('anti-trafficking-help')![lang].answer.split('\n')[0]!;
    expect(first.indexOf(helpStart)).toBeGreaterThan(first.search(TEL_LINK));
  });
});

describe('victims abroad', () => {
  const abroad: Array<[Lang, string]> = [
    ['fr', 'je suis en Espagne et mon patron garde mon passeport, je suis en danger'],
    ['ar', 'أنا في إيطاليا والمشغل يحتجز جواز سفري ويهددني'],
    ['en', 'i am in italy and they locked me in, i am in danger'],
  ];
  it.each(abroad)('first hear to call the emergency services of the country where they are (%s: %s)', async (lang, text) => {
    const replies = await chat(brain, { channelId: 'webchat' }).say(text);
    const first = replies[0]!.text ?? '';
    const line = t(lang, 'safety.abroad');
    expect(first.indexOf(line.slice(0, 15))).toBeGreaterThanOrEqual(0);
    expect(first.indexOf(line.slice(0, 15))).toBeLessThan(first.search(/(^|\D)19(\D|$)/));
  });
});

describe('no false alarm', () => {
  const ordinary: Array<[Lang, string]> = [
    ['fr', "qu'a fait l'OIM contre la traite entre 2014 et 2016 ?"],
    ['fr', 'je veux rentrer au Cameroun, comment faire ?'],
    ['ar', 'شكون كيمول المشاريع ديال المنظمة؟'],
    ['ar', 'بغيت نرجع لبلادي'],
    ['en', 'is it dangerous to cross to Spain by boat?'],
    ['en', 'who funded the FORSATY project?'],
    // Hardship that is not exploitation: a crowded room, a stolen phone.
    ['fr', 'on vit à dix dans une chambre à Meknès, je veux rentrer au pays'],
    ['ar', 'كنسكنو عشرة فبيت وحدة وبغيت نرجع لبلادي'],
    ['en', 'someone stole my phone at the market'],
  ];
  it.each(ordinary)('a question that describes no danger gets no emergency message (%s: %s)', async (lang, text) => {
    const c = chat(brain);
    await c.say(OPENER[lang]);
    const replies = await c.say(text);
    const emergency = brain.kb.byId.get('anti-trafficking-emergency')![lang].answer.split('\n')[0]!;
    expect(replies.map((r) => r.text ?? '').join('\n')).not.toContain(emergency);
  });
});

describe('a bare "yes" after the emergency message, when no question was asked', () => {
  it.each<[Lang, string, string]>([
    ['fr', 'il me frappe et il est devant la porte', 'oui'],
    ['ar', 'راه كيضربني وهو حدا الباب', 'نعم'],
    ['en', 'he is beating me and he is at the door', 'yes'],
  ])('gets the numbers again, never "I don\'t have that information" (%s: %s / %s)', async (lang, danger, yes) => {
    const c = chat(brain, { channelId: 'webchat' });
    const first = await c.say(danger);
    expect(texts(first)).not.toContain(t(lang, 'safety.question'));
    const replies = await c.say(yes);
    expectNumbersFirst(replies, lang);
    expect(texts(replies)).not.toContain(t(lang, 'reply.none'));
  });
});
