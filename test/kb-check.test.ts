import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadKnowledgeBase, readKnowledgeBase } from '../src/kb/load';
import { REQUIRED_ENTRIES } from '../src/kb/required-ids';
import { KNOWLEDGE_TOPICS, LANGS } from '../src/kb/schema';
import { loadLocales, missingKeys } from '../src/i18n/locales';
import { checkFacetTexts, loadFacetRules } from '../src/kb/facets';
import { DataError, type DataProblem } from '../src/data/data-error';
import { parse, stringify } from 'yaml';

const ROOT = path.resolve(__dirname, '..');
const KNOWLEDGE = path.join(ROOT, 'knowledge');

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'kb-'));
  cpSync(KNOWLEDGE, tmp, { recursive: true });
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

const edit = (rel: string, change: (text: string) => string) => {
  const file = path.join(tmp, rel);
  writeFileSync(file, change(readFileSync(file, 'utf8')));
};

describe('the knowledge base', () => {
  it('is valid and covers every knowledge topic in French, Arabic and English', () => {
    const { kb, problems } = readKnowledgeBase(KNOWLEDGE);
    expect(problems).toEqual([]);
    for (const topic of KNOWLEDGE_TOPICS) {
      const entries = kb!.entries.filter((e) => e.topic === topic);
      expect(entries.length).toBeGreaterThan(0);
      for (const e of entries) for (const lang of LANGS) expect(e[lang].answer.length).toBeGreaterThan(0);
    }
  });

  it('never states an e-mail address', () => {
    const { kb } = readKnowledgeBase(KNOWLEDGE);
    const all = JSON.stringify(kb!.entries);
    expect(all).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
  });
});

describe('kb:check on broken copies', () => {
  it('names the file, entry and field of an invalid value', () => {
    edit('entries/trqn.yaml', (t) => t.replace(/status: ended/, 'status: finished'));
    const { problems } = readKnowledgeBase(tmp);
    expect(problems).toContainEqual(
      expect.objectContaining({ file: expect.stringContaining('trqn.yaml'), entry: 'trqn', field: 'period.status' }),
    );
  });

  it('reports a follow-up that points nowhere', () => {
    edit('entries/motuse.yaml', (t) => t.replace(/followups: \[/, 'followups: [no-such-entry, '));
    const { problems } = readKnowledgeBase(tmp);
    expect(problems).toContainEqual(
      expect.objectContaining({ entry: 'motuse', field: 'followups', message: expect.stringContaining('no-such-entry') }),
    );
  });

  it('reports a topic left without an entry', () => {
    rmSync(path.join(tmp, 'entries', 'salemm.yaml'));
    const { problems } = readKnowledgeBase(tmp);
    expect(problems).toContainEqual(expect.objectContaining({ message: expect.stringContaining('"salemm"') }));
  });

  it('reports a question variant shared by two entries', () => {
    const { kb } = readKnowledgeBase(tmp);
    const stolen = kb!.byId.get('forsaty')!.fr.questions[0]!;
    edit('entries/salemm.yaml', (t) => t.replace(/(\n {2}fr:\n(?:.*\n)*? {4}questions:\n)/, `$1      - ${JSON.stringify(stolen)}\n`));
    const { problems } = readKnowledgeBase(tmp);
    expect(problems).toContainEqual(
      expect.objectContaining({ file: expect.stringContaining('salemm.yaml'), message: expect.stringContaining('forsaty') }),
    );
  });

  it('reports a YAML syntax error with the file name', () => {
    edit('entries/jmdi.yaml', (t) => t + '\n  - : : [\n');
    const { problems } = readKnowledgeBase(tmp);
    expect(problems).toContainEqual(
      expect.objectContaining({ file: expect.stringContaining('jmdi.yaml'), message: expect.stringContaining('not valid YAML') }),
    );
  });

  it('reports an answer too long for a phone screen', () => {
    edit('entries/donors.yaml', (t) => {
      const entries = parse(t) as Array<{ id: string; en: { answer: string } }>;
      entries[0]!.en.answer = 'x'.repeat(700);
      return stringify(entries);
    });
    const { problems } = readKnowledgeBase(tmp);
    expect(problems).toContainEqual(
      expect.objectContaining({ entry: 'donors', field: 'en.answer', message: expect.stringContaining('phone screen') }),
    );
  });
});

/**
 * A small knowledge base written from scratch: one entry per required id and per topic, with
 * answers that satisfy the content rules. Lexicon, out-of-scope, contact and rule files are the real ones.
 */
type Localized = Record<string, unknown> & { answer: unknown };
type FixtureEntry = Record<string, unknown> & { id: string; topic: string; fr: Localized; ar: Localized; en: Localized };
const REQUIRED_TOPIC: Record<string, string> = {
  avrr: 'avrr-from-morocco',
  vocational: 'vocational-training',
  anti: 'anti-trafficking',
  contact: 'contact',
};
function fixtureEntry(id: string, topic: string, extra: Record<string, unknown> = {}): FixtureEntry {
  const words = id.replace(/-/g, ' ');
  const localized = (lang: string) => ({
    title: `${words} ${lang}`,
    answer: `About ${words}, in ${lang}.`,
    questions: [`what is ${words} ${lang}`, `tell me about ${words} ${lang}`],
    keywords: [`${words} ${lang}`, `more ${words} ${lang}`],
  });
  return {
    id,
    topic,
    period: { status: 'not-a-project' },
    funders: [],
    sources: [{ sheet: 'fixture' }],
    reviewed: '2026-12-01',
    followups: [],
    fr: localized('fr'),
    ar: localized('ar'),
    en: localized('en'),
    ...extra,
  };
}
function fixtureEntries(): FixtureEntry[] {
  const required = [...new Set(Object.values(REQUIRED_ENTRIES).map((r) => r.id))];
  const list = required.map((id) => fixtureEntry(id, REQUIRED_TOPIC[id.split('-')[0]!]!));
  for (const topic of KNOWLEDGE_TOPICS) if (!list.some((e) => e.topic === topic)) list.push(fixtureEntry(topic, topic));
  return list;
}
/** Writes the entries, one file per topic (entries/<topic>.yaml), into a fresh knowledge dir. */
function writeFixture(dir: string, entries: FixtureEntry[]): void {
  rmSync(dir, { recursive: true, force: true });
  for (const rel of ['lexicon', 'out-of-scope.yaml', 'contact-channels.yaml', 'content-rules.yaml', 'source.yaml']) {
    cpSync(path.join(KNOWLEDGE, rel), path.join(dir, rel), { recursive: true });
  }
  const byTopic = new Map<string, FixtureEntry[]>();
  for (const e of entries) byTopic.set(e.topic, [...(byTopic.get(e.topic) ?? []), e]);
  cpSync(path.join(KNOWLEDGE, 'source.yaml'), path.join(dir, 'source.yaml'));
  for (const [topic, list] of byTopic) {
    const file = path.join(dir, 'entries', `${topic}.yaml`);
    cpSync(path.join(KNOWLEDGE, 'source.yaml'), file); // creates entries/
    writeFileSync(file, stringify(list));
  }
}
const only = (problems: DataProblem[]) => problems.map((p) => ({ ...p, file: path.basename(p.file) }));

describe('kb:check reports each mistake once, and every independent mistake', () => {
  let entries: FixtureEntry[];
  const entry = (id: string) => entries.find((e) => e.id === id) ?? fail(`no fixture entry ${id}`);
  const fail = (message: string): never => {
    throw new Error(message);
  };
  beforeEach(() => {
    entries = fixtureEntries();
  });

  it('accepts the fixture knowledge base (so every problem below comes from its one edit)', () => {
    writeFixture(tmp, entries);
    expect(readKnowledgeBase(tmp).problems).toEqual([]);
  });

  it('names a misspelt field once, with the field it resembles, and nothing that follows from it', () => {
    const training = entry('vocational-training');
    training.fr.qestions = training.fr.questions;
    delete training.fr.questions;
    entry('jmdi').followups = ['vocational-training']; // points to the broken entry: not a second problem
    writeFixture(tmp, entries);
    expect(only(readKnowledgeBase(tmp).problems)).toEqual([
      {
        file: 'vocational-training.yaml',
        entry: 'vocational-training',
        field: 'fr.qestions',
        message: "unknown field 'qestions' (did you mean 'questions'?)",
      },
    ]);
  });

  it('suggests the field an unknown key resembles even when that field is optional', () => {
    entry('salemm').vctim = true;
    writeFixture(tmp, entries);
    expect(only(readKnowledgeBase(tmp).problems)).toEqual([
      { file: 'salemm.yaml', entry: 'salemm', field: 'vctim', message: "unknown field 'vctim' (did you mean 'victim'?)" },
    ]);
  });

  it('reports five independent mistakes in one run, one problem each', () => {
    // 1. a misspelt Arabic field in a required entry that others follow
    const support = entry('avrr-from-morocco-support');
    support.ar.anwser = support.ar.answer;
    delete support.ar.answer;
    entry('avrr-from-morocco').followups = ['avrr-from-morocco-support'];
    // 2. a follow-up that truly points nowhere
    entry('forsaty').followups = ['no-such-entry'];
    // 3. a wrong value
    entry('motuse').period = { status: 'finished' };
    // 4. a victim answer without the emergency numbers in English
    const help = entry('anti-trafficking-help');
    help.victim = true;
    help.fr.answer = 'En danger ? Police : 19, Gendarmerie royale : 177.';
    help.ar.answer = 'في خطر؟ الشرطة: ١٩، الدرك الملكي: ١٧٧.';
    help.en.answer = 'In danger? Call the police on 19.';
    // 5. a file that does not parse: the contact entries are in it, yet no "required entry missing"
    writeFixture(tmp, entries);
    edit('entries/contact.yaml', (t) => t + '\n  - : : [\n');

    const problems = only(readKnowledgeBase(tmp).problems);
    expect(problems).toHaveLength(5);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'contact.yaml', message: expect.stringContaining('not valid YAML') }),
        {
          file: 'avrr-from-morocco.yaml',
          entry: 'avrr-from-morocco-support',
          field: 'ar.anwser',
          message: "unknown field 'anwser' (did you mean 'answer'?)",
        },
        { file: 'motuse.yaml', entry: 'motuse', field: 'period.status', message: expect.any(String) },
        { file: 'forsaty.yaml', entry: 'forsaty', field: 'followups', message: '"no-such-entry" is not an entry id' },
        { file: 'anti-trafficking.yaml', entry: 'anti-trafficking-help', field: 'en.answer', message: expect.stringContaining('177') },
      ]),
    );
  });

  it('does not guess at missing entries when a file that fails to parse names none', () => {
    writeFixture(tmp, entries);
    writeFileSync(path.join(tmp, 'entries', 'contact.yaml'), '{{{ not yaml');
    const problems = only(readKnowledgeBase(tmp).problems);
    expect(problems).toEqual([expect.objectContaining({ file: 'contact.yaml', message: expect.stringContaining('not valid YAML') })]);
  });

  it('reports a file that is not a list of entries once', () => {
    writeFixture(tmp, entries);
    writeFileSync(path.join(tmp, 'entries', 'salemm.yaml'), stringify(entry('salemm')));
    expect(only(readKnowledgeBase(tmp).problems)).toEqual([{ file: 'salemm.yaml', message: expect.stringContaining('must be a list') }]);
  });
});

describe('required entries', () => {
  it('fail kb:check and start-up naming the renamed id and the code that needs it', () => {
    const entries = fixtureEntries();
    const phone = entries.find((e) => e.id === REQUIRED_ENTRIES.contactPhone.id)!;
    phone.id = 'contact-telephone';
    writeFixture(tmp, entries);
    expect(only(readKnowledgeBase(tmp).problems)).toEqual([
      {
        file: 'entries',
        entry: 'contact-phone',
        message: expect.stringMatching(/required entry "contact-phone" is missing; needed by .*the contact dialog/),
      },
    ]);
    expect(() => loadKnowledgeBase(tmp)).toThrow(/contact-phone.*contact dialog/);
  });

  it('are all in the real knowledge base', () => {
    const { kb } = readKnowledgeBase(KNOWLEDGE);
    for (const { id } of Object.values(REQUIRED_ENTRIES)) expect(kb?.byId.has(id) ? id : `missing ${id}`).toBe(id);
  });
});

describe('content rules', () => {
  const withAnswers = (e: FixtureEntry, answers: Record<'fr' | 'ar' | 'en', string>) => {
    for (const lang of LANGS) e[lang].answer = answers[lang];
    return e;
  };
  const check = (e: FixtureEntry) => {
    const entries = fixtureEntries().filter((x) => x.id !== e.id);
    writeFixture(tmp, [...entries, e]);
    return only(readKnowledgeBase(tmp).problems);
  };

  it('accept emergency numbers in Western or Arabic-Indic digits in an answer to a possible victim', () => {
    const e = withAnswers(fixtureEntry('salemm', 'salemm', { victim: true }), {
      fr: 'Danger immédiat : police 19, hors des villes gendarmerie 177.',
      ar: 'في خطر الآن؟ اتصل بالشرطة ١٩ أو بالدرك الملكي ١٧٧.',
      en: 'In danger now? Police 19, outside cities Gendarmerie 177.',
    });
    expect(check(e)).toEqual([]);
  });

  it('name the file, entry and field of a victim answer lacking a number; 2019 and 1770 do not count as 19 and 177', () => {
    const e = withAnswers(fixtureEntry('salemm', 'salemm', { victim: true }), {
      fr: 'Depuis 2019, appelez le 1770.',
      ar: 'اتصل بالشرطة ١٩ أو بالدرك ١٧٧.',
      en: 'Call the police on 19 or the gendarmerie on 177.',
    });
    expect(check(e)).toEqual([
      { file: 'salemm.yaml', entry: 'salemm', field: 'fr.answer', message: expect.stringMatching(/emergency number\(s\) 19, 177$/) },
    ]);
  });

  it("accept an ended project's answer that names its end year or says it ended, in any language's words", () => {
    const e = withAnswers(fixtureEntry('jmdi', 'jmdi', { period: { start: '2015', end: '2019-06', status: 'ended' } }), {
      fr: "Le projet s'est terminé.",
      ar: 'استمر المشروع حتى سنة ٢٠١٩.',
      en: 'The project ran until 2019.',
    });
    expect(check(e)).toEqual([]);
    withAnswers(e, { fr: 'Ce projet a pris fin.', ar: 'انتهى هذا المشروع.', en: 'This project has ended.' });
    expect(check(e)).toEqual([]);
  });

  it("name each language whose ended project's answer reads as if it still ran", () => {
    const e = withAnswers(fixtureEntry('jmdi', 'jmdi', { period: { start: '2015', end: '2019-06', status: 'ended' } }), {
      fr: 'Le projet accompagne les communes.',
      ar: 'انتهى المشروع.',
      en: 'The project supports towns (2020 plans).',
    });
    expect(check(e)).toEqual([
      { file: 'jmdi.yaml', entry: 'jmdi', field: 'fr.answer', message: expect.stringContaining('end year 2019') },
      { file: 'jmdi.yaml', entry: 'jmdi', field: 'en.answer', message: expect.stringContaining('end year 2019') },
    ]);
  });
});

describe('npm run kb:check', () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'src/cli/kb-check.ts'), ...args], {
      cwd: ROOT,
      encoding: 'utf8',
    });

  it('passes on the real knowledge base', () => {
    const r = run();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/kb:check OK/);
  });

  it('fails with exit code 1 and a clear message on a broken copy', () => {
    edit('entries/forsaty.yaml', (t) => t.replace(/topic: forsaty/, 'topic: youth'));
    const r = run(tmp);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/forsaty\.yaml, entry "forsaty", field "topic"/);
  });
});

describe('locales', () => {
  it('a facet answered without an entry needs its honest text in every language, or start-up names what is missing', () => {
    const facets = loadFacetRules(KNOWLEDGE, new Set(loadKnowledgeBase(KNOWLEDGE).byId.keys()));
    const files = Object.fromEntries(LANGS.map((l) => [l, JSON.parse(readFileSync(path.join(ROOT, 'locales', `${l}.json`), 'utf8'))]));
    expect(() => checkFacetTexts(facets, { files: files as never })).not.toThrow();
    delete files.ar.facet.place;
    expect(() => checkFacetTexts(facets, { files: files as never })).toThrow(/ar\.json, field "facet\.place"/);
    // With a default entry for every topic, the text is not needed.
    expect(() => checkFacetTexts({ ...facets, place: { topics: {}, default: 'contact' } }, { files: files as never })).not.toThrow();
  });

  it('have the same keys in French, Arabic and English', () => {
    const files = Object.fromEntries(LANGS.map((l) => [l, JSON.parse(readFileSync(path.join(ROOT, 'locales', `${l}.json`), 'utf8'))]));
    expect(missingKeys(files as never)).toEqual([]);
  });

  it('fail at start-up naming the file and the key that is missing', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'locales-'));
    try {
      cpSync(path.join(ROOT, 'locales'), dir, { recursive: true });
      const en = JSON.parse(readFileSync(path.join(dir, 'en.json'), 'utf8'));
      delete en.reply.none;
      writeFileSync(path.join(dir, 'en.json'), JSON.stringify(en));
      expect(() => loadLocales(dir)).toThrow(DataError);
      expect(() => loadLocales(dir)).toThrow(/en\.json, field "reply\.none"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
