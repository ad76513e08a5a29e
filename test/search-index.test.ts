import { CandidateIndex, deletionStrings, prefixDistances } from '../src/nlu/candidate-index';
import { normalizeText } from '../src/nlu/normalize';
import { contentTerms, SearchIndex, type SearchTarget } from '../src/nlu/search-index';
import { MAX_FUZZY_LENGTH, MAX_TERMS_SCORED } from '../src/nlu/tuning';
import { sharedBrain } from './helpers/brain';

const FUNCTION_WORDS = new Set([
  'je',
  'veux',
  'dans',
  'mon',
  'de',
  'des',
  'la',
  'le',
  'i',
  'want',
  'to',
  'my',
  'a',
  'the',
  'for',
  'bghit',
  'l',
  'في',
  'الى',
]);

/** A small made-up knowledge base: three subjects, each in French, Arabic, English and Arabizi. */
const TARGETS: SearchTarget[] = [
  {
    key: 'going-home',
    topic: 'return',
    phrases: [
      { text: 'Je veux rentrer dans mon pays, retour volontaire', kind: 'question' },
      { text: 'I want to go back home, voluntary return', kind: 'question' },
      { text: 'العودة الطوعية الى البلد', kind: 'question' },
      { text: 'bghit nrje3 l bladi', kind: 'question' },
      { text: 'billet de bus et carte', kind: 'keyword' },
    ],
  },
  {
    key: 'learning-a-trade',
    topic: 'training',
    phrases: [
      { text: 'formation professionnelle des jeunes', kind: 'question' },
      { text: 'vocational training for a job', kind: 'question' },
      { text: 'التكوين المهني للشباب', kind: 'question' },
      { text: 'takwin mihani', kind: 'keyword' },
    ],
  },
  {
    key: 'exploitation',
    topic: 'trafficking',
    phrases: [
      { text: 'traite des êtres humains', kind: 'question' },
      { text: 'human trafficking victim', kind: 'question' },
      { text: 'الاتجار بالبشر', kind: 'question' },
      { text: 'card of the association', kind: 'keyword' },
    ],
  },
];

const terms = (text: string) => contentTerms(normalizeText(text), FUNCTION_WORDS);
const index = new SearchIndex(TARGETS, FUNCTION_WORDS);
const topTopic = (text: string) => index.search(terms(text))[0]?.topic;
const matchedWords = (word: string) => index.lookup(word).map((m) => m.term);

describe('SearchIndex: misspelt words find the known word', () => {
  it.each([
    ['French', 'formasion profesionelle', 'training'],
    ['French, two edits in a long word', 'volontère', 'return'],
    ['English', 'vocasional trainig', 'training'],
    ['English, a cut word', 'the vocation', 'training'],
    ['English, a word too short for its known word', 'the traffic', undefined],
    ['Arabic', 'المهمي', 'training'],
    ['Arabic, a letter left out', 'الاتجر', 'trafficking'],
    ['Arabizi', 'bghit nerje3 lbladi', 'return'],
  ])('%s: "%s" is about %s', (_language, message, topic?: string) => {
    expect(topTopic(message)).toBe(topic);
  });

  it('gives each misspelling a similarity below an exact word and above zero', () => {
    const [match] = index.lookup('profesionel');
    expect(match?.term).toBe('profesionele');
    expect(match?.sim).toBeGreaterThan(0.5);
    expect(match?.sim).toBeLessThan(1);
    expect(index.lookup('training')).toEqual([{ term: 'training', sim: 1 }]);
  });

  it('does not match words that are too far apart', () => {
    expect(matchedWords('trainer')).toEqual([]);
    expect(matchedWords('xyzw')).toEqual([]);
  });
});

describe('SearchIndex: a known word is not another known word', () => {
  it('keeps "card" and "carte" apart, though an unknown word may be either', () => {
    expect(matchedWords('card')).toEqual(['card']);
    expect(matchedWords('carte')).toEqual(['carte']);
    expect(matchedWords('cardt').sort()).toEqual(['card', 'carte']);
  });

  it('still finds a known word\'s own inflections ("retour" and "retourne" are one word)', () => {
    const withInflection = new SearchIndex(
      [...TARGETS, { key: 'x', topic: 'x', phrases: [{ text: 'retourne', kind: 'keyword' }] }],
      FUNCTION_WORDS,
    );
    expect(withInflection.lookup('retour').map((m) => m.term)).toEqual(['retour', 'retourne']);
  });
});

describe('SearchIndex: concept tokens', () => {
  const withConcepts = new SearchIndex(TARGETS, FUNCTION_WORDS, {
    extraTerms: (phrase) => (/\b(retour|return|nrjea)\b/.test(phrase) ? ['§return-home'] : []),
  });

  it('adds the tokens to the phrases and matches them exactly', () => {
    expect(withConcepts.lookup('§return-home')).toEqual([{ term: '§return-home', sim: 1 }]);
    expect(withConcepts.search(['§return-home'])[0]?.topic).toBe('return');
    expect(withConcepts.vocabularySize).toBe(index.vocabularySize + 1);
  });

  it('never matches them fuzzily', () => {
    expect(withConcepts.lookup('§return-hom')).toEqual([]);
    expect(withConcepts.lookup('§retrun-home')).toEqual([]);
    expect(withConcepts.search(['§return-hom'])).toEqual([]);
  });

  it('weighs them like words: a message of the token alone is fully covered', () => {
    const [best] = withConcepts.search(['§return-home']);
    expect(best?.coverage).toBe(1);
  });
});

describe('SearchIndex: bounded work', () => {
  const unknownWords = Array.from({ length: 500 }, (_, i) => `zq${i.toString(36).padStart(4, 'x')}`);

  it(`scores at most ${MAX_TERMS_SCORED} distinct terms of a message`, () => {
    const capped = index.search(['training', ...unknownWords]);
    const atTheCap = index.search(['training', ...unknownWords.slice(0, MAX_TERMS_SCORED - 1)]);
    expect(capped).toEqual(atTheCap);
    expect(capped[0]?.topic).toBe('training');
    // A known word after the cap is not read at all.
    expect(index.search([...unknownWords, 'training'])).toEqual([]);
  });

  it('gives no fuzzy candidates to a word longer than the fuzzy limit', () => {
    const huge = 'training' + 'x'.repeat(10_000);
    expect(index.lookup(huge)).toEqual([]);
    expect(index.lookup('formation'.repeat(3).slice(0, MAX_FUZZY_LENGTH + 1))).toEqual([]);
    const candidates = new CandidateIndex(['formationformationformat']);
    expect(candidates.candidates('formationformationformat').map((c) => c.word)).toEqual(['formationformationformat']);
    expect(candidates.candidates('formationformationformatx')).toEqual([]);
  });

  it('looks up short words, numbers and long words exactly only', () => {
    expect(index.lookup('bus')).toEqual([{ term: 'bus', sim: 1 }]);
    expect(index.lookup('bux')).toEqual([]);
    expect(index.lookup('2024')).toEqual([]);
  });

  it('holds no word of the real knowledge base longer than the fuzzy limit', async () => {
    const { kb } = await sharedBrain();
    const tooLong = kb.entries
      .flatMap((e) => [e.fr, e.ar, e.en].flatMap((l) => [l.title, ...l.questions, ...l.keywords]))
      .flatMap((text) => contentTerms(normalizeText(text), new Set()))
      .filter((t) => t.length > MAX_FUZZY_LENGTH);
    expect(tooLong).toEqual([]);
  });
});

describe('SearchIndex: determinism', () => {
  it('gives the same results for the same message, from two indexes built alike', () => {
    const again = new SearchIndex(TARGETS, FUNCTION_WORDS);
    const message = terms('formasion and trafiking of humans, retour au bled');
    expect(again.search(message)).toEqual(index.search(message));
    expect(index.search(message)).toEqual(index.search(message));
    expect(again.lookup('cardt')).toEqual(index.lookup('cardt'));
  });

  it('ranks targets that score the same in the order they were given (FR, AR, EN)', () => {
    const twin = (key: string, topic: string): SearchTarget => ({
      key,
      topic,
      phrases: [
        { text: 'carte de séjour renouvellement', kind: 'question' },
        { text: 'تجديد بطاقة الإقامة', kind: 'question' },
        { text: 'residence card renewal', kind: 'question' },
      ],
    });
    const first = twin('first', 'stay');
    const second = twin('second', 'papers');
    const forward = new SearchIndex([first, second, ...TARGETS], FUNCTION_WORDS);
    const backward = new SearchIndex([second, first, ...TARGETS], FUNCTION_WORDS);
    for (const text of ['renouvellement carte de séjour', 'تجديد بطاقة الإقامة', 'residence card renewal']) {
      const a = forward.search(terms(text));
      expect(a[0]?.score).toBe(a[1]?.score);
      expect(a.slice(0, 2).map((r) => r.key)).toEqual(['first', 'second']);
      expect(
        backward
          .search(terms(text))
          .slice(0, 2)
          .map((r) => r.key),
      ).toEqual(['second', 'first']);
    }
  });

  it("does not depend on the order of the message's words for its ranking", () => {
    const message = terms('vocational trafficking training');
    const forward = index.search(message).map((r) => r.key);
    const backward = index.search([...message].reverse()).map((r) => r.key);
    expect(backward).toEqual(forward);
  });
});

describe('candidate index building blocks', () => {
  it('counts a swap of two neighbours as one edit, and measures against each beginning of the word', () => {
    expect(prefixDistances('trafifcking', 'trafficking', 2)[11]).toBe(1);
    expect(prefixDistances('retuor', 'retour', 1)[6]).toBe(1);
    // "traffic" is the beginning of "trafficking" with no edit; the whole word is out of reach.
    const d = prefixDistances('traffic', 'trafficking', 2);
    expect(d[7]).toBe(0);
    expect(d.length).toBe(10);
  });

  it('deletes up to the given number of letters, each string once', () => {
    expect([...deletionStrings('abc', 1)].sort()).toEqual(['ab', 'abc', 'ac', 'bc']);
    expect(deletionStrings('abcdefg', 2).size).toBe(29);
  });
});
