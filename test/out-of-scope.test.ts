import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { DataError, type DataProblem } from '../src/data/data-error';
import { loadKnowledgeBase } from '../src/kb/load';
import { loadOutOfScope, type OutOfScopeSubject } from '../src/kb/out-of-scope';
import { LANGS } from '../src/kb/schema';
import { sharedBrain } from './helpers/brain';

const KNOWLEDGE = path.resolve(__dirname, '..', 'knowledge');
const kb = loadKnowledgeBase(KNOWLEDGE);
const entryIds = new Set(kb.entries.map((e) => e.id));
const subjects = loadOutOfScope(KNOWLEDGE, entryIds);
const subject = (id: string): OutOfScopeSubject => subjects.find((s) => s.id === id) ?? fail(`no subject ${id}`);

/** The only numbers a reply may give: the emergency numbers of shared/curated-facts.md. */
const CURATED_NUMBERS = new Set(['19', '177', '15']);

describe('the out-of-scope subjects', () => {
  it('cover what people ask that the sheet does not', () => {
    const ids = subjects.map((s) => s.id);
    for (const id of [
      'rumour-iom-pays-for-europe',
      'embassy-visas-passports',
      'asylum-refugees',
      'regularisation-abroad',
      'jobs-and-recruiters',
      'money',
      'sea-crossing',
      'housing',
      'studies',
      'health-appointments',
      'general-chat',
      'admin-procedures',
      'rumour-iom-gives-papers',
      'rumour-iom-gives-money',
      'family-reunification',
      'phones-and-internet',
      'travel-and-tourism',
      'residence-card-morocco',
    ]) {
      expect(ids).toContain(id);
    }
  });

  it.each(subjects.map((s) => s.id))('%s replies in French, Arabic and English, each in its own script', (id) => {
    const { reply } = subject(id);
    for (const lang of LANGS) expect(reply[lang].trim().length).toBeGreaterThan(20);
    expect(reply.ar).toMatch(/[\u0600-\u06ff]/);
    expect(reply.fr).not.toMatch(/[\u0600-\u06ff]/);
    expect(reply.en).not.toMatch(/[\u0600-\u06ff]/);
  });

  it.each(subjects.map((s) => s.id))('%s states no e-mail, no web address and no number outside the curated emergency numbers', (id) => {
    for (const lang of LANGS) {
      const text = subject(id).reply[lang];
      expect(text).not.toMatch(/@|https?:|www\.|\.int\b|\.org\b/);
      const numbers = text.match(/\d+/g) ?? [];
      for (const n of numbers) expect(CURATED_NUMBERS.has(n)).toBe(true);
    }
  });

  it('answers the rumour with a clear no and the mission statement', () => {
    const { reply, pointTo } = subject('rumour-iom-pays-for-europe');
    expect(reply.fr).toMatch(/^Non\b/);
    expect(reply.ar).toMatch(/^لا/);
    expect(reply.en).toMatch(/^No\b/);
    expect(reply.en).toContain('humane and orderly migration benefits migrants and society');
    expect(reply.en).toMatch(/does not organise or pay for irregular journeys/);
    expect(pointTo).toContain('about-iom');
  });

  it.each(['rumour-iom-gives-papers', 'rumour-iom-gives-money'])('answers the rumour %s with a clear no in every language', (id) => {
    const { reply } = subject(id);
    expect(reply.fr).toMatch(/^Non\b/);
    expect(reply.ar).toMatch(/^لا/);
    expect(reply.en).toMatch(/^No\b/);
    expect(reply.en).toMatch(/(not|none of this is) one of IOM Morocco's activities/);
  });

  it('says nothing about asylum beyond "not in this chat\'s information"', () => {
    const { reply, pointTo } = subject('asylum-refugees');
    for (const lang of LANGS) expect(reply[lang]).not.toMatch(/\d|HCR|UNHCR|المفوضية/);
    expect(pointTo).toEqual([]);
  });

  it('points a job seeker to the warning signs of trafficking, and a would-be crosser to voluntary return', () => {
    expect(subject('jobs-and-recruiters').pointTo).toContain('anti-trafficking-help');
    expect(subject('sea-crossing').pointTo).toContain('avrr-from-morocco');
    expect(subject('health-appointments').reply.en).toMatch(/\b15\b/);
  });

  it('points only to existing knowledge entries', () => {
    for (const s of subjects) for (const id of s.pointTo) expect(entryIds.has(id)).toBe(true);
  });
});

describe('loadOutOfScope: bad data is named (file, subject, field)', () => {
  let dir: string;
  const original = parse(readFileSync(path.join(KNOWLEDGE, 'out-of-scope.yaml'), 'utf8')) as Array<Record<string, unknown>>;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'oos-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const problemsOf = (list: unknown, ids: ReadonlySet<string> = entryIds): DataProblem[] => {
    writeFileSync(path.join(dir, 'out-of-scope.yaml'), stringify(list));
    try {
      loadOutOfScope(dir, ids);
    } catch (err) {
      if (err instanceof DataError) return err.problems;
      throw err;
    }
    throw new Error('expected a DataError');
  };
  const copy = () => structuredClone(original);

  it('rejects a pointTo that is not an entry id', () => {
    const list = copy();
    const first = list[0] as { id: string; pointTo: string[] };
    first.pointTo = ['about-iom', 'visa-office'];
    expect(problemsOf(list)).toContainEqual(
      expect.objectContaining({ file: expect.stringMatching(/out-of-scope\.yaml$/), entry: first.id, field: 'pointTo.1' }),
    );
  });

  it('rejects a reply missing a language', () => {
    const list = copy();
    const first = list[0] as { id: string; reply: Record<string, string> };
    delete first.reply.ar;
    expect(problemsOf(list)).toContainEqual(expect.objectContaining({ entry: first.id, field: 'reply.ar' }));
  });

  it('rejects a reply longer than a phone screen, an unknown field and a duplicate id', () => {
    const list = copy();
    const first = list[0] as { id: string; reply: Record<string, string>; colour?: string };
    first.reply.en = 'x'.repeat(2000);
    first.colour = 'red';
    list.push({ ...(list[1] as object) });
    const problems = problemsOf(list);
    expect(problems).toContainEqual(expect.objectContaining({ entry: first.id, field: 'reply.en' }));
    expect(problems.some((p) => p.entry === first.id && /colour/.test(p.message))).toBe(true);
  });

  it('rejects an id defined twice', () => {
    const list = copy();
    list.push(structuredClone(list[1] as object) as Record<string, unknown>);
    const id = String((list[1] as { id: string }).id);
    expect(problemsOf(list)).toContainEqual(expect.objectContaining({ entry: id, field: 'id' }));
  });

  it('checks pointTo only against the ids it is given', () => {
    writeFileSync(path.join(dir, 'out-of-scope.yaml'), stringify(original));
    expect(loadOutOfScope(dir).length).toBe(subjects.length);
    expect(() => loadOutOfScope(dir, new Set(['contact']))).toThrow(DataError);
  });
});

describe('the bot declines an out-of-scope subject instead of answering a programme', () => {
  const understand = async (text: string) => (await sharedBrain()).engine.understand(text);

  it.each([
    ['rumour-iom-gives-papers', "Est-ce vrai que l'OIM délivre des cartes de séjour aux Africains ?"],
    ['rumour-iom-gives-papers', 'سمعت المنظمة كتعطي لاكارط للمهاجرين، واش صحيح؟'],
    ['rumour-iom-pays-for-europe', "c'est vrai que l'OIM donne de l'argent pour partir en Europe ?"],
    ['rumour-iom-pays-for-europe', 'واش صحيح المنظمة كتعطي الفلوس باش تمشي لأوروبا؟'],
    ['rumour-iom-pays-for-europe', 'someone told me IOM gives money to go to Europe'],
    ['rumour-iom-gives-money', 'Someone told me IOM has a monthly allowance for every migrant'],
    ['rumour-iom-gives-money', 'wach oim kat3ti lflous kol chhar l ga3 lmigrants?'],
    ['family-reunification', 'Comment faire une demande de regroupement familial pour ma femme ?'],
    ['family-reunification', 'what do I need for a family reunification visa to Belgium?'],
    ['phones-and-internet', 'bghit nchri puce inwi w nchargi l internet'],
    ['travel-and-tourism', 'Can you book a hotel for me in Essaouira?'],
    ['residence-card-morocco', 'Quels documents pour la première carte de séjour à la préfecture ?'],
    ['money', 'بغيت نحل كونط فالبانكا'],
    ['studies', 'when do the bac results come out this year?'],
    ['general-chat', "Qui va gagner la coupe d'Afrique des nations ?"],
    ['jobs-and-recruiters', 'une agence propose de travailler au Qatar, vous connaissez ?'],
    ['health-appointments', 'je voudrais un rendez-vous chez le dentiste à Salé'],
    ['jobs-and-recruiters', 'kan9leb 3la chi khdma f tanja'],
    ['jobs-and-recruiters', 'I am looking for a job in Casablanca, any offers?'],
    ['jobs-and-recruiters', 'je cherche un emploi de chauffeur à Agadir'],
    ['phones-and-internet', 'je veux acheter un portable pas cher'],
    ['money', 'fin nsref lflous f rabat?'],
    ['studies', 'بغيت نقرا فالجامعة فالرباط'],
    ['studies', 'is there a university in Rabat?'],
    ['health-appointments', 'wach kayna chi pharmacie de nuit f casa?'],
    ['health-appointments', 'quelle clinique privée pour un enfant malade à Fès ?'],
    ['general-chat', 'شكون غادي يربح الماتش ديال الليلة؟'],
    ['studies', 'ma fille veut aller à la fac, comment on fait ?'],
    ['money', 'where is a good bureau de change in Tangier?'],
  ])('%s: %j', async (id, text) => {
    const d = await understand(text);
    expect(d.kind).not.toBe('answer');
    expect(d.outOfScope).toBe(id);
  });

  it.each([
    ['avrr-from-morocco', "Je n'ai pas pu renouveler ma carte de séjour, l'OIM peut m'aider à rentrer chez moi ?"],
    ['avrr-from-morocco', 'I have no money and want to go back home to my family'],
    ['avrr-from-morocco', 'واش المنظمة كتخلص البيي للي بغا يرجع لبلادو؟'],
    ['avrr-to-morocco', 'my son is in Europe with no papers and wants to come back to Morocco'],
    ['contact', "j'ai perdu votre numéro de téléphone, vous pouvez me le redonner ?"],
    ['vocational-training', "I'm regularised and I need a certificate to work, do you have training?"],
    ['vocational-training', 'je suis régularisé, je veux une formation pour trouver du travail'],
    ['contact', 'quel est votre numéro de téléphone ?'],
  ])('answers %s, not a subject it declines: %j', async (topic, text) => {
    const d = await understand(text);
    expect(d.outOfScope).toBeUndefined();
    expect(d.kind).toBe('answer');
    expect(d.topic).toBe(topic);
  });
});

describe('a subject the bot declines wins over a word that looks like a follow-up or a danger sign', () => {
  it.each([
    ['fr', 'où acheter une puce Inwi ?'],
    ['ar', 'fin nchri chi puce dyal inwi?'],
    ['en', 'where can I buy a sim card?'],
  ])('%s: "where" beside a declined subject is not the office address: %j', async (_lang, text) => {
    const brain = await sharedBrain();
    const d = brain.engine.understand(text, {});
    expect(d.kind).toBe('none');
    expect(d.outOfScope).toBeDefined();
  });

  it.each(["qui a battu l'Egypte en coupe d'Afrique hier ?", 'on a volé mon téléphone dans le bus'])(
    '%j is not a danger signal',
    async (text) => {
      const brain = await sharedBrain();
      expect(brain.engine.understand(text, {}).route).not.toBe('safety');
    },
  );

  it('the office, its phone and e-mail are still answered as follow-ups', async () => {
    const brain = await sharedBrain();
    for (const text of ['où est votre bureau ?', 'fin kayn lbiro dyalkom?', 'do you have an e-mail address?']) {
      expect(brain.engine.understand(text, {})).toMatchObject({ route: 'follow-up', topic: 'contact' });
    }
  });
});
