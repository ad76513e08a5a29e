/**
 * The danger signal list (knowledge/safety/danger-signals.yaml): the real file loads, covers every
 * group in every way people write, and bad data fails at start-up naming file, group and field.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { DataError } from '../src/data/data-error';
import {
  DANGER_SIGNALS_FILE,
  expandAlternatives,
  loadDangerSignals,
  MAX_EXPANSIONS_PER_LINE,
  SCRIPT_FAMILIES,
} from '../src/safety/danger-signals';

const KNOWLEDGE = path.join(__dirname, '..', 'knowledge');

function present<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value');
  return value;
}

describe('the curated signal file', () => {
  const signals = loadDangerSignals(KNOWLEDGE);

  test('has the ILO indicators, immediate danger and the forms of trafficking as groups', () => {
    expect(signals.groups.map((g) => g.id)).toEqual(
      expect.arrayContaining([
        'immediate-danger',
        'restriction-of-movement',
        'retention-of-documents',
        'withholding-of-wages',
        'debt-bondage',
        'physical-sexual-violence',
        'intimidation-threats',
        'forced-sex-work',
        'forced-begging',
        'forced-crime',
        'deception',
        'sold-or-bought',
        'isolation',
        'abusive-conditions',
        'forced-marriage',
        'fear',
        'aggressor-here',
        'abduction',
        'urgency',
        'emergency-number',
      ]),
    );
  });

  test('every group has forms in French, Standard Arabic, Darija, Arabizi and English', () => {
    for (const g of signals.groups) {
      for (const family of SCRIPT_FAMILIES) {
        expect({ group: g.id, family, has: g.forms.some((f) => f.family === family) }).toEqual({ group: g.id, family, has: true });
      }
    }
  });

  test('hundreds of written forms overall, and the cue lists are filled', () => {
    const lines = signals.groups.reduce((n, g) => n + SCRIPT_FAMILIES.reduce((m, f) => m + g.lineCounts[f], 0), 0);
    expect(lines).toBeGreaterThanOrEqual(300);
    expect(signals.groups.reduce((n, g) => n + g.forms.length, 0)).toBeGreaterThan(10_000);
    expect(signals.abroad.length).toBeGreaterThan(100);
    expect(signals.forOther.length).toBeGreaterThan(100);
    expect(signals.dangerQuestion.no.length).toBeGreaterThan(10);
  });

  test('the forms stay within the start-up budget (every form is indexed at start-up; about 56,600 now)', () => {
    // Alternatives multiply: one more "{a|b|c}" on a long line can add thousands of forms. Prefer a
    // " ... " gap or a shorter list, and words of six letters or more already tolerate one typo.
    expect(signals.groups.reduce((n, g) => n + g.forms.length, 0)).toBeLessThanOrEqual(60_000);
  });

  test('groups of both levels exist: immediate danger and signs of exploitation', () => {
    const levels = new Set(signals.groups.map((g) => g.level));
    expect([...levels].sort()).toEqual(['exploitation', 'immediate']);
  });
});

describe('expandAlternatives', () => {
  test.each([
    ['no braces', 'il me frappe', ['il me frappe']],
    ['alternatives', '{il|elle} me frappe', ['il me frappe', 'elle me frappe']],
    ['an optional part', '{je suis |}en danger', ['je suis en danger', 'en danger']],
    ['joined to the text around', '{ف|في }خطر', ['فخطر', 'في خطر']],
    ['two sets', '{a|b} {c|d}', ['a c', 'a d', 'b c', 'b d']],
  ])('%s', (_what, line, expected) => {
    expect(expandAlternatives(line)).toEqual(expected);
  });

  test.each([
    ['unbalanced {', '{il|elle me frappe'],
    ['unbalanced }', 'il|elle} me frappe'],
    ['nested', '{il|{elle|on}} me frappe'],
    ['| outside braces', 'il|elle me frappe'],
  ])('%s is refused', (_what, line) => {
    expect(() => expandAlternatives(line)).toThrow();
  });

  test('a line may not expand without limit', () => {
    const big = Array.from({ length: 11 }, () => '{a|b}').join(' ');
    expect(2 ** 11).toBeGreaterThan(MAX_EXPANSIONS_PER_LINE);
    expect(() => expandAlternatives(big)).toThrow(/more than/);
  });
});

describe('bad data fails at start-up, naming file, group and field', () => {
  const forms = (word: string) => ({ fr: [word], ar: ['خطر كبير'], darija: ['راني فخطر'], arabizi: ['f khatar'], en: [word] });
  const valid = () => ({
    groups: [{ id: 'immediate-danger', level: 'immediate', about: 'Danger now.', forms: forms('in danger') }],
    abroad: forms('in spain'),
    'for-other': forms('my sister'),
    negations: { before: { en: ['not'] }, 'right-before': {} },
    'danger-question': {
      yes: forms('yes'),
      no: forms('no'),
      'no-alone': { arabizi: ['la'] },
      safe: forms('safe'),
      filler: forms('thanks'),
      but: forms('but'),
    },
  });
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'danger-signals-'));
    mkdirSync(path.join(dir, 'safety'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const write = (doc: unknown) => writeFileSync(path.join(dir, DANGER_SIGNALS_FILE), typeof doc === 'string' ? doc : stringify(doc));
  const problemsOf = (doc: unknown) => {
    write(doc);
    try {
      loadDangerSignals(dir);
    } catch (err) {
      expect(err).toBeInstanceOf(DataError);
      return (err as DataError).problems;
    }
    throw new Error('expected a DataError');
  };

  test('a valid minimal file loads', () => {
    write(valid());
    const signals = loadDangerSignals(dir);
    expect(signals.groups[0]?.forms.map((f) => f.words.join(' '))).toContain('in danger');
  });

  test('a missing file names the file', () => {
    expect(() => loadDangerSignals(path.join(dir, 'nowhere'))).toThrow(/danger-signals\.yaml.*cannot be read/);
  });

  test('invalid YAML names the file', () => {
    expect(problemsOf('groups: [')[0]?.message).toMatch(/not valid YAML/);
  });

  test('a group without Darija names the group and the field', () => {
    const doc = valid();
    const { darija: _dropped, ...rest } = present(doc.groups[0]).forms;
    present(doc.groups[0]).forms = rest as ReturnType<typeof forms>;
    const [p] = problemsOf(doc);
    expect(p).toMatchObject({ entry: 'group immediate-danger', field: 'forms.darija' });
    expect(p?.file).toMatch(/danger-signals\.yaml$/);
  });

  test('an unknown level names the group and the field', () => {
    const doc = valid() as { groups: Record<string, unknown>[] };
    present(doc.groups[0]).level = 'urgent';
    expect(problemsOf(doc)[0]).toMatchObject({ entry: 'group immediate-danger', field: 'level' });
  });

  test('an unknown key is refused (strict schema)', () => {
    const doc = valid() as { groups: Record<string, unknown>[] };
    present(doc.groups[0]).colour = 'red';
    expect(problemsOf(doc)[0]).toMatchObject({ entry: 'group immediate-danger' });
  });

  test('an unbalanced brace names the group, the family and the line', () => {
    const doc = valid();
    present(doc.groups[0]).forms.en = ['in danger', '{he|she is here'];
    expect(problemsOf(doc)[0]).toMatchObject({ entry: 'group immediate-danger', field: 'forms.en.1' });
  });

  test('a form with no words is refused', () => {
    const doc = valid();
    present(doc.groups[0]).forms.fr = ['?!'];
    expect(problemsOf(doc)[0]).toMatchObject({ entry: 'group immediate-danger', field: 'forms.fr.0' });
  });

  test('a form with three gaps is refused', () => {
    const doc = valid();
    present(doc.groups[0]).forms.en = ['took ... my ... own ... passport'];
    expect(problemsOf(doc)[0]?.message).toMatch(/more than 2/);
  });

  test('two groups with one id are refused', () => {
    const doc = valid();
    doc.groups.push({ ...present(doc.groups[0]) });
    expect(problemsOf(doc)[0]).toMatchObject({ entry: 'group immediate-danger', field: 'id' });
  });

  test('a problem in a cue list names the list and the family', () => {
    const doc = valid();
    doc.abroad.ar = [];
    expect(problemsOf(doc)[0]).toMatchObject({ field: 'abroad.ar' });
  });
});
