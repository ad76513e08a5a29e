import { CandidateIndex } from '../src/nlu/candidate-index';

describe('candidate index: lookups share working space without sharing answers', () => {
  const known = [
    'retour',
    'retourner',
    'formation',
    'professionnelle',
    'trafficking',
    'training',
    'التكوين',
    'passeport',
    'passport',
    'carte',
  ];
  const queries = [
    'retuor',
    'professionelle',
    'trafikcing',
    'traning',
    'التكوبن',
    'pasport',
    'carte',
    'xyzw',
    'retour',
    'formatoin',
    'قثقفق',
  ];

  it('answers each query as a fresh index does, whatever was asked before and in any order', () => {
    const shared = new CandidateIndex(known);
    const fresh = (q: string) => new CandidateIndex(known).candidates(q);
    for (const q of [...queries, ...[...queries].reverse(), ...queries]) expect(shared.candidates(q)).toEqual(fresh(q));
  });

  it('finds a misspelt word in French, English and Arabic, and nothing for a word far from all', () => {
    const shared = new CandidateIndex(known);
    expect(shared.candidates('professionelle').map((c) => c.word)).toContain('professionnelle');
    expect(shared.candidates('trafikcing').map((c) => c.word)).toContain('trafficking');
    expect(shared.candidates('التكوبن').map((c) => c.word)).toContain('التكوين');
    expect(shared.candidates('qwertyuiop')).toEqual([]);
  });
});

describe('candidate index: known words', () => {
  it('answers a known word with itself (similarity 1) and the known words a spelling away', () => {
    const index = new CandidateIndex(['passport', 'passeport', 'formation', 'التكوين', 'التكوينات']);
    const passport = index.candidates('passport');
    expect(passport.find((c) => c.word === 'passport')).toEqual({ word: 'passport', edits: 0, untyped: 0, similarity: 1 });
    expect(passport.map((c) => c.word)).toContain('passeport');
    expect(index.candidates('التكوين').map((c) => c.word)).toContain('التكوين');
    expect(index.candidates('formation').map((c) => c.word)).toEqual(['formation']);
  });
});
