import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { DataError } from '../src/data/data-error';
import {
  COMMAND_CONCEPTS,
  ConceptMatcher,
  CONCEPT_FAMILIES,
  FACET_CONCEPTS,
  formsOf,
  loadConcepts,
  REQUIRED_CONCEPTS,
} from '../src/nlu/concepts';
import { normalizeText } from '../src/nlu/normalize';

const KNOWLEDGE = path.resolve(__dirname, '..', 'knowledge');
const lexicon = loadConcepts(KNOWLEDGE);
const matcher = new ConceptMatcher(lexicon);
const concepts = (text: string) => matcher.find(normalizeText(text));

describe('the concept lexicon', () => {
  it('defines every concept the code relies on: the follow-up facets, the commands, yes and no', () => {
    const ids = new Set(lexicon.map((c) => c.id));
    for (const id of [...FACET_CONCEPTS, ...COMMAND_CONCEPTS]) expect(ids.has(id)).toBe(true);
  });

  it('is broad: hundreds of forms, in every family', () => {
    const perFamily = Object.fromEntries(CONCEPT_FAMILIES.map((f) => [f, lexicon.reduce((n, c) => n + c.forms[f].length, 0)]));
    for (const family of CONCEPT_FAMILIES) expect(perFamily[family]).toBeGreaterThan(300);
    expect(matcher.formCount).toBeGreaterThan(2000);
  });

  it('gives every concept a form in French, Arabic script and English', () => {
    for (const c of lexicon) {
      expect({ id: c.id, fr: c.forms.fr.length > 0 }).toEqual({ id: c.id, fr: true });
      expect({ id: c.id, arabic: c.forms.ar.length + c.forms.darija.length > 0 }).toEqual({ id: c.id, arabic: true });
      expect({ id: c.id, en: c.forms.en.length > 0 }).toEqual({ id: c.id, en: true });
    }
  });
});

describe('loadConcepts: bad data is named (file, concept, field)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'concepts-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const required = REQUIRED_CONCEPTS.map((id) => ({ id, about: 'required', forms: { en: [id] } }));
  const write = (list: unknown) => writeFileSync(path.join(dir, 'concepts.yaml'), stringify(list));
  const problemsOf = (list: unknown) => {
    write(list);
    try {
      loadConcepts(dir);
    } catch (err) {
      if (err instanceof DataError) return err.problems;
      throw err;
    }
    throw new Error('expected a DataError');
  };

  it('loads a minimal valid lexicon', () => {
    write([...required, { id: 'return-home', about: 'x', forms: { arabizi: ['nrje3'] } }]);
    expect(loadConcepts(dir).map((c) => c.id)).toContain('return-home');
  });

  it('rejects an id that is not lower-case words joined by hyphens', () => {
    const problems = problemsOf([...required, { id: 'Return_Home', about: 'x', forms: { fr: ['rentrer'] } }]);
    expect(problems).toContainEqual(
      expect.objectContaining({ file: expect.stringMatching(/concepts\.yaml$/), entry: 'Return_Home', field: 'id' }),
    );
  });

  it('rejects a concept without any form', () => {
    const problems = problemsOf([...required, { id: 'empty', about: 'x', forms: { fr: [], en: [] } }]);
    expect(problems).toContainEqual(expect.objectContaining({ entry: 'empty', field: 'forms' }));
  });

  it('rejects an unknown family and an unknown field (strict)', () => {
    const problems = problemsOf([...required, { id: 'odd', about: 'x', forms: { de: ['heim'] }, extra: 1 }]);
    expect(problems.some((p) => p.entry === 'odd' && p.field === 'forms')).toBe(true);
    expect(problems.some((p) => p.entry === 'odd' && p.field === 'extra' && /unknown field/.test(p.message))).toBe(true);
  });

  it('rejects a form that has no words once normalised, naming the family and position', () => {
    const problems = problemsOf([...required, { id: 'punct', about: 'x', forms: { en: ['ok', '?!…'] } }]);
    expect(problems).toContainEqual(expect.objectContaining({ entry: 'punct', field: 'forms.en.1' }));
  });

  it('rejects a concept defined twice', () => {
    const problems = problemsOf([
      ...required,
      { id: 'twice', about: 'x', forms: { en: ['a'] } },
      { id: 'twice', about: 'y', forms: { en: ['b'] } },
    ]);
    expect(problems).toContainEqual(expect.objectContaining({ entry: 'twice', field: 'id' }));
  });

  it('names a concept the code needs when it is missing', () => {
    const problems = problemsOf(required.filter((c) => c.id !== 'facet-cost'));
    expect(problems).toContainEqual(expect.objectContaining({ entry: 'facet-cost' }));
  });

  it('names the file when it is missing or not YAML', () => {
    expect(() => loadConcepts(path.join(dir, 'nowhere'))).toThrow(/concepts\.yaml/);
    writeFileSync(path.join(dir, 'concepts.yaml'), '- id: [unclosed');
    expect(() => loadConcepts(dir)).toThrow(/concepts\.yaml/);
  });
});

describe('ConceptMatcher: situations told in many ways', () => {
  it.each([
    ['fr', 'je dors dehors depuis des semaines et ma mère me manque', ['homeless', 'family-back-home']],
    ['fr', "je n'ai pas de papiers et plus un sou", ['no-papers', 'no-money']],
    ['fr', 'mon patron a confisqué mon passeport', ['trafficking-documents-taken', 'papers', 'work']],
    ['msa', 'أنا مريض وليس لدي مال', ['sick', 'no-money']],
    ['msa', 'يجبرونني على التسول كل يوم', ['trafficking', 'trafficking-forced-begging']],
    ['darija', 'ما عنديش الوراق وبغيت نرجع لبلادي', ['no-papers', 'return-home']],
    ['darija', 'الباطرونة ما كتخلصنيش وكيسدو عليا', ['trafficking-locked-in']],
    ['arabizi', 'ma3ndich lwra9 w bghit nrje3', ['no-papers', 'return-home']],
    ['arabizi', 'kanbat f lghaba w twe7cht lwalida', ['homeless', 'family-back-home']],
    ['en', 'they keep my passport and I owe them money for the trip', ['trafficking-documents-taken', 'trafficking-debt']],
    ['en', 'I got my residence card but I have no skills, I want to learn a trade', ['regularisation', 'training']],
    ['en', 'my son is in Italy without papers, he wants to come back to Morocco', ['in-europe', 'no-papers', 'moroccan-abroad']],
  ])('%s: %j', (_family, text, expected) => {
    const found = concepts(text);
    for (const id of expected) expect(found).toContain(id);
  });

  it('matches multi-word forms only as consecutive words', () => {
    expect(concepts('where is the office')).toContain('facet-where');
    expect(concepts('the office, where is it')).toContain('facet-where'); // "where is" is there too
    expect(concepts('forget everything')).toContain('cmd-forget');
    expect(concepts('everything forget')).not.toContain('cmd-forget');
  });

  it('matches single words through the light stem: plurals and the Arabic article', () => {
    expect(concepts('nos passeports')).toContain('papers');
    expect(concepts('الخدمة')).toContain('work');
  });

  it('reads Arabic words with the article, a preposition or "و" glued to them, without confusing two forms', () => {
    expect(concepts('بغيت نسجل فالتكوين المهني')).toContain('training');
    expect(concepts('ووالدتي مريضة')).toEqual(expect.arrayContaining(['family-back-home', 'sick']));
    expect(concepts('عندي دين ديال الطريق')).not.toContain('family-back-home');
    expect(concepts('بلادي')).not.toContain('family-back-home');
  });

  it('matches the misspellings people use', () => {
    expect(concepts('je veu rentré o pays')).toContain('return-home');
    expect(concepts('sans papié')).toContain('no-papers');
    expect(concepts('human trafiking')).toContain('trafficking');
    expect(concepts('pregnent and alone')).toContain('woman-alone');
    expect(concepts('merciii, bzzzaf lwra9')).toContain('papers');
  });

  it('reads follow-up facets and commands', () => {
    expect(concepts("c'est gratuit ?")).toEqual(['facet-cost']);
    expect(concepts('wach mazal meftou7?')).toContain('facet-when');
    expect(concepts('شنو هي الشروط')).toContain('facet-who');
    expect(concepts('what are your opening hours')).toContain('facet-hours');
    expect(concepts('votre adresse mail svp')).toContain('facet-email');
    expect(concepts('effacez mes données')).toContain('cmd-forget');
    expect(concepts('بركة')).toContain('cmd-stop');
    expect(concepts('jawbni bl3arbiya')).toContain('cmd-lang-ar');
    expect(concepts('réponds en anglais')).toContain('cmd-lang-en');
    expect(concepts('بالفرنسية')).toContain('cmd-lang-fr');
    expect(concepts('wakha')).toEqual(['yes']);
    expect(concepts('yep')).toEqual(['yes']);
    expect(concepts('لا')).toEqual(['no']);
  });

  it('tells which concepts the whole message is', () => {
    expect(matcher.whole(normalizeText('safi baraka!'))).toContain('cmd-stop');
    expect(matcher.whole(normalizeText('stop talking about the weather'))).not.toContain('cmd-stop');
    expect(matcher.whole(normalizeText('Oui'))).toEqual(['yes']);
  });

  it('reports where each concept occurs', () => {
    const hits = matcher.matches(normalizeText('I have no papers'));
    expect(hits).toContainEqual({ id: 'no-papers', start: 2, end: 4 });
  });

  it('gives tokens prefixed with § for the search', () => {
    expect(matcher.tokens(normalizeText('bghit nrje3 l bladi'))).toEqual(['§return-home']);
  });

  it.each([
    'The cat sleeps on the sofa',
    'Quel temps fera-t-il demain à Tanger ?',
    'Le Raja a gagné le match hier soir',
    'شنو الجو غدا فكازا',
    'من فاز في مباراة الأمس',
    'kolchi mzyan lyoum',
    'I bought a new car yesterday',
  ])('finds nothing in unrelated text: %j', (text) => {
    expect(concepts(text)).toEqual([]);
  });

  it.each(['', '   ', '😀😀😀', '\u200b\u200f', '<script>alert(1)</script>', '\ud800 broken'])('handles nasty input %j', (text) => {
    expect(() => concepts(text)).not.toThrow();
  });

  it('reads a long message word by word: the work grows with its length, not with the lexicon', () => {
    const sentence = 'je dors dehors et je veux rentrer chez moi voir ma mère';
    const long = Array.from({ length: 100 }, () => sentence).join(' ');
    expect(concepts(long)).toEqual(concepts(sentence));
    // Count the map lookups: a few per word (the word, its stem), never one per form of the lexicon.
    const lookups = (text: string) => {
      const spy = jest.spyOn(Map.prototype, 'get');
      matcher.find(normalizeText(text));
      const n = spy.mock.calls.length;
      spy.mockRestore();
      return n;
    };
    const words = long.split(' ').length;
    expect(lookups(long)).toBeLessThanOrEqual(4 * words);
    expect(lookups(long + ' ' + long)).toBeLessThanOrEqual(2 * lookups(long) + 4);
    expect(matcher.formCount).toBeGreaterThan(10 * 4);
  });

  it('gives every form of the lexicon back as its own concept', () => {
    // Each form, alone, is found as its concept: nothing in the data is unreachable.
    const unreachable: string[] = [];
    for (const c of lexicon) {
      for (const form of formsOf(c)) if (!concepts(form).includes(c.id)) unreachable.push(`${c.id}: ${form}`);
    }
    expect(unreachable).toEqual([]);
  });
});
