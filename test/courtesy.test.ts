import type { Brain } from '../src/app';
import { sharedBrain } from './helpers/brain';

let brain: Brain;
beforeAll(async () => {
  brain = await sharedBrain();
});

const understand = (text: string) => brain.engine.understand(text, {});

describe('thanks, greetings and "what can you do" said in many words', () => {
  it.each([
    ['fr', 'thanks', 'merci infiniment'],
    ['fr', 'thanks', 'je vous remercie, c’est très gentil'],
    ['fr', 'greeting', 'bonsoir, comment allez-vous ?'],
    ['fr', 'help', 'est-ce que vous pouvez m’aider ?'],
    ['ar', 'thanks', 'جزاكم الله خيرا على المساعدة'],
    ['ar', 'thanks', 'tbarkellah 3likom, lah yjazikom bikhir'],
    ['ar', 'greeting', 'salam, labas 3lik?'],
    ['ar', 'greeting', 'مساء الخير، كيف الحال؟'],
    ['ar', 'help', 'واش ممكن تعاوني؟'],
    ['en', 'thanks', 'thank you so much, have a good day'],
    ['en', 'greeting', 'hi there, how are you doing?'],
    ['en', 'help', 'could you help me?'],
  ])('%s %s: %j', (lang, command, text) => {
    expect(understand(text)).toMatchObject({ kind: 'answer', command, lang });
  });

  it.each([
    ['fr', 'merci, vous m’avez beaucoup aidé'],
    ['ar', 'chokran, 3awntini bzaf'],
    ['ar', 'شكرا، ساعدتني كثيرا'],
    ['en', 'thanks, you really helped me a lot'],
  ])('%s: saying "you helped me" is a thank-you, not a request for help: %j', (_lang, text) => {
    expect(understand(text)).toMatchObject({ kind: 'answer', command: 'thanks' });
  });

  it('"baraka llahou fik" is a thank-you, not "baraka" (enough)', () => {
    expect(understand('baraka llahou fik a khouya')).toMatchObject({ command: 'thanks' });
    expect(understand('baraka')).toMatchObject({ command: 'cancel' });
  });
});

describe('"ok" acknowledges: alone it is taken as thanks, beside a request it is nothing', () => {
  it.each([
    ['fr', "d'accord"],
    ['fr', 'ok'],
    ['ar', 'واخا'],
    ['ar', 'wakha'],
    ['en', 'got it'],
    ['en', 'okay'],
  ])('%s: %j is an acknowledgment (thanks)', (_lang, text) => {
    expect(understand(text)).toMatchObject({ kind: 'answer', command: 'thanks' });
  });

  it.each([
    ['fr', "ok, j'ai besoin d'aide"],
    ['en', 'ok i need help'],
    ['en', 'ok, please help me'],
  ])('%s: %j asks for help, not a thank-you', (_lang, text) => {
    expect(understand(text)).toMatchObject({ kind: 'answer', command: 'help' });
  });
});

describe('asking for information is neither forgetting nor thanks: it gets the menu', () => {
  it.each([
    ['fr', 'je veux des informations svp'],
    ['ar', 'أحتاج معلومات من فضلك'],
    ['ar', 'bghit chi ma3lomat 3afak'],
    ['en', 'i need information'],
  ])('%s: %j', (_lang, text) => {
    expect(understand(text)).toMatchObject({ kind: 'answer', command: 'help' });
  });

  it.each([
    ['fr', 'effacez toutes mes données svp'],
    ['ar', 'امسح معلوماتي عافاك'],
    ['en', 'please delete all my data'],
  ])('%s: the words of a data request with its verb still forget: %j', (_lang, text) => {
    expect(understand(text)).toMatchObject({ kind: 'answer', command: 'forget' });
  });
});

describe('a courtesy beside a question does not hide the question', () => {
  it.each([
    ['Hi! can IOM find me a job in Germany?', 'none'],
    ['Merci ! et la formation pour les migrants régularisés, comment on s’inscrit ?', 'vocational-training'],
    ['السلام عليكم، فين كاين المكتب ديالكم فالرباط؟', 'contact'],
    ['hello, what is the FORSATY project?', 'forsaty'],
  ])('%j', (text, topic) => {
    const d = understand(text);
    expect(d.command).toBeUndefined();
    expect(d.topic).toBe(topic);
  });
});

describe('words found once in the knowledge base by chance do not make a topic question', () => {
  it.each(['hello, how is your day going?', 'bonjour madame', 'ok merci monsieur'])('%j is not answered with a programme', (text) => {
    const d = understand(text);
    expect(d.kind === 'answer' && d.command === undefined).toBe(false);
  });
});

describe('command words inside a question about something else', () => {
  it.each([
    ['en', "I'll be in Rabat on Monday and would like to stop by your office"],
    ['en', 'are you an NGO or a UN agency?'],
    ['fr', 'je veux arrêter de payer des passeurs, je veux rentrer chez moi'],
  ])('%s: %j is not a command', (_lang, text) => {
    expect(understand(text).command).toBeUndefined();
  });

  it.each([
    'il y a beaucoup de bagarres et de violence entre les jeunes de mon quartier',
    'young people in my town fight a lot, is there any project for them?',
    'كاين بزاف ديال العنف بين الدراري فالحومة',
  ])('violence among others, with no sign that the person is exploited, is not a danger alert: %j', (text) => {
    expect(understand(text).route).not.toBe('safety');
  });
});
