import { type CueIndex, detectLanguage, type FrenchEnglishDetector } from '../src/nlu/language';
import { normalizeText, words } from '../src/nlu/normalize';

const CUES: CueIndex = new Map([
  ['je', { family: 'fr', weight: 1 }],
  ['est', { family: 'fr', weight: 1 }],
  ['the', { family: 'en', weight: 1 }],
  ['is', { family: 'en', weight: 1 }],
  ['bghit', { family: 'arabizi', weight: 1 }],
]);
const noFranc: FrenchEnglishDetector = () => undefined;
const detect = (text: string, franc: FrenchEnglishDetector = noFranc) => detectLanguage(text, words(normalizeText(text)), CUES, franc);

describe('detectLanguage: the script', () => {
  it('answers in Arabic when Arabic letters are as many as Latin ones or more, presentation forms included', () => {
    expect(detect('وين كاين المكتب ديالكم').lang).toBe('ar');
    expect(detect('ﻻ ﻻ ﻻ ok').reason).toBe('Arabic script');
    expect(detect('OIM مكتب الرباط').lang).toBe('ar');
  });

  it('counts accented Latin letters as Latin', () => {
    const guess = detect('où ça é è à ç ل');
    expect(guess.reason).not.toBe('Arabic script');
  });

  it('falls back without letters, whatever the digits and emoji', () => {
    expect(detect('2014 !!! 😀 ?').reason).toMatch(/^no letters/);
    expect(detect('').reason).toMatch(/^no letters/);
  });
});

describe('detectLanguage: cue words', () => {
  it('counts French and English grammar words', () => {
    expect(detect('je pense que c est la').lang).toBe('fr');
    expect(detect('where is the office').lang).toBe('en');
  });

  it('counts Latin words with Arabizi digits as Darija, and only those', () => {
    const guess = detect('3afak fin kayn l bureau dyal t9der');
    expect(guess.lang).toBe('ar');
    expect(guess.reason).toContain('darija=2');
    expect(detect('bureau 2014 rabat').reason).toContain('darija=0');
  });

  it('asks franc only when the cues leave French and English tied', () => {
    const asked: string[] = [];
    const franc: FrenchEnglishDetector = (text) => {
      asked.push(text);
      return 'en';
    };
    expect(detect('the office is', franc).lang).toBe('en');
    expect(asked).toEqual([]);
    expect(detect('rabat casablanca', franc).reason).toContain('franc');
    expect(asked).toEqual(['rabat casablanca']);
  });
});
