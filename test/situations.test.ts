import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { DataError, type DataProblem } from '../src/data/data-error';
import { loadKnowledgeBase } from '../src/kb/load';
import { LANGS } from '../src/kb/schema';
import { loadSituations } from '../src/kb/situations';

const KNOWLEDGE = path.resolve(__dirname, '..', 'knowledge');
const kb = loadKnowledgeBase(KNOWLEDGE);
const entryIds = new Set(kb.entries.map((e) => e.id));
const situations = loadSituations(KNOWLEDGE, entryIds);

/** The entries where people most often tell their situation instead of naming the service. */
const MAIN_ENTRIES = [
  'avrr-from-morocco',
  'vocational-training',
  'anti-trafficking-help',
  'contact',
  'avrr-to-morocco',
  'forsaty',
  'salemm',
  'migrant-health',
  'trqn',
];

describe('the situations', () => {
  it('only name existing knowledge entries', () => {
    for (const id of situations.keys()) expect(entryIds.has(id)).toBe(true);
  });

  it.each(MAIN_ENTRIES)('tell at least 15 situations per language for %s', (id) => {
    const set = situations.get(id);
    expect(set).toBeDefined();
    for (const lang of LANGS) expect(set?.[lang].length ?? 0).toBeGreaterThanOrEqual(15);
  });

  it.each(MAIN_ENTRIES)('tell the Arabic situations of %s both in Arabic script and in Latin letters (Arabizi)', (id) => {
    const ar = situations.get(id)?.ar ?? [];
    expect(ar.some((s) => /[\u0600-\u06ff]/.test(s))).toBe(true);
    expect(ar.some((s) => /^[\x20-\x7e]+$/.test(s))).toBe(true);
  });

  it('cover every topic of the knowledge base', () => {
    const topics = new Set([...situations.keys()].map((id) => kb.byId.get(id)?.topic));
    for (const e of kb.entries) expect(topics.has(e.topic)).toBe(true);
  });

  it('are not the knowledge base questions again', () => {
    const questions = new Set(kb.entries.flatMap((e) => LANGS.flatMap((l) => e[l].questions)).map((q) => q.toLowerCase()));
    const repeated = [...situations.values()].flatMap((s) => LANGS.flatMap((l) => s[l])).filter((s) => questions.has(s.toLowerCase()));
    expect(repeated).toEqual([]);
  });
});

describe('loadSituations: bad data is named (file, entry, field)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'situations-'));
    cpSync(path.join(KNOWLEDGE, 'situations'), path.join(dir, 'situations'), { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const file = (name: string) => path.join(dir, 'situations', name);
  const problemsOf = (): DataProblem[] => {
    try {
      loadSituations(dir, entryIds);
    } catch (err) {
      if (err instanceof DataError) return err.problems;
      throw err;
    }
    throw new Error('expected a DataError');
  };

  it('loads the copy as it is', () => {
    expect(loadSituations(dir, entryIds).size).toBe(situations.size);
  });

  it('rejects an entry id that is not in the knowledge base', () => {
    writeFileSync(
      file('extra.yaml'),
      stringify([{ entry: 'visa-help', fr: ['je veux un visa'], ar: ['بغيت فيزا'], en: ['I want a visa'] }]),
    );
    expect(problemsOf()).toContainEqual(
      expect.objectContaining({ file: expect.stringMatching(/extra\.yaml$/), entry: 'visa-help', field: 'entry' }),
    );
  });

  it('rejects a missing language and an unknown field', () => {
    writeFileSync(file('extra.yaml'), stringify([{ entry: 'donors', fr: ['qui paie ?'], en: ['who pays?'], de: ['wer zahlt?'] }]));
    const problems = problemsOf();
    expect(problems).toContainEqual(expect.objectContaining({ entry: 'donors', field: 'ar' }));
    expect(problems.some((p) => p.entry === 'donors' && /de/.test(p.message))).toBe(true);
  });

  it('rejects an empty situation, naming its language and position', () => {
    const list = parse(readFileSync(file('trqn.yaml'), 'utf8')) as Array<{ en: string[] }>;
    list[0]?.en.push('   ');
    writeFileSync(file('trqn.yaml'), stringify(list));
    const problems = problemsOf();
    expect(problems.some((p) => p.entry === 'trqn' && /^en\.\d+$/.test(p.field ?? ''))).toBe(true);
  });

  it('rejects an entry listed twice and a situation told for two entries', () => {
    const told = situations.get('contact')?.fr[0] ?? '';
    writeFileSync(
      file('zz.yaml'),
      stringify([
        { entry: 'trqn', fr: ['autre'], ar: ['آخر'], en: ['other'] },
        { entry: 'about-iom-un', fr: [told.toUpperCase()], ar: ['واش تابعين للأمم المتحدة'], en: ['are you part of the UN'] },
      ]),
    );
    const problems = problemsOf();
    expect(problems).toContainEqual(expect.objectContaining({ entry: 'trqn', field: 'entry' }));
    expect(problems).toContainEqual(
      expect.objectContaining({ entry: 'about-iom-un', field: 'fr.0', message: expect.stringContaining('contact') }),
    );
  });

  it('names the folder when it is missing or empty', () => {
    rmSync(path.join(dir, 'situations'), { recursive: true });
    expect(() => loadSituations(dir, entryIds)).toThrow(/situations/);
  });
});
