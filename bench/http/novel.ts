/**
 * Messages the bot has never seen: the knowledge base's question variants of every topic and
 * language (never the evaluation set), each sent with a fresh misspelling and, often, another word
 * order, so that no request repeats an earlier one and no cache of the bot answers it. And the
 * hostile scenario's messages: 1,000 characters of random letters.
 */
import path from 'node:path';
import { loadKnowledgeBase } from '../../src/kb/load';
import { LANGS } from '../../src/kb/schema';
import { projectRoot } from '../../src/paths';

/** A small deterministic generator (xorshift32): the same seed gives the same load. */
export function random(seed: number): () => number {
  let x = seed >>> 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x1_0000_0000;
  };
}

const pick = <T>(items: readonly T[], r: () => number): T => items[Math.floor(r() * items.length)] as T;

const LATIN = 'abcdefghijklmnopqrstuvwxyz';
const ARABIC = 'ابتثجحخدذرزسشصضطظعغفقكلمنهوي';
const alphabetOf = (word: string) => (/[\u0600-\u06ff]/.test(word) ? ARABIC : LATIN);

/** One typing mistake in `word`: a letter dropped, doubled, swapped with the next, or replaced. */
export function misspell(word: string, r: () => number): string {
  const chars = [...word];
  const at = 1 + Math.floor(r() * (chars.length - 2));
  const letter = pick([...alphabetOf(word)], r);
  switch (Math.floor(r() * 4)) {
    case 0:
      chars.splice(at, 1);
      break;
    case 1:
      chars.splice(at, 0, chars[at] ?? letter);
      break;
    case 2: {
      const next = chars[at + 1];
      if (next !== undefined) [chars[at], chars[at + 1]] = [next, chars[at] ?? next];
      else chars[at] = letter;
      break;
    }
    default:
      chars[at] = letter;
  }
  return chars.join('');
}

/** A question variant with one misspelt word (of 4 letters or more) and, half the time, two neighbouring words swapped. */
export function perturb(question: string, r: () => number): string {
  const words = question.split(/\s+/).filter(Boolean);
  if (words.length >= 3 && r() < 0.5) {
    const i = Math.floor(r() * (words.length - 1));
    [words[i], words[i + 1]] = [words[i + 1] ?? '', words[i] ?? ''];
  }
  const long = words.map((w, i) => [w, i] as const).filter(([w]) => [...w].length >= 4);
  if (long.length > 0) {
    const [word, i] = pick(long, r);
    words[i] = misspell(word, r);
  }
  return words.join(' ');
}

/** Every question variant of every entry, in every language. */
function loadVariants(): string[] {
  const kb = loadKnowledgeBase(path.join(projectRoot(), 'knowledge'));
  return kb.entries.flatMap((entry) => LANGS.flatMap((lang) => entry[lang].questions));
}

let variants: string[] | undefined;
export function questionVariants(): readonly string[] {
  variants ??= loadVariants();
  return variants;
}

/** An endless supply of first-sight questions, deterministic for a seed. */
export function novelQuestions(seed: number): () => string {
  const r = random(seed);
  const pool = questionVariants();
  return () => perturb(pick(pool, r), r);
}

/** 1,000 characters of random letters: one long unknown word, or many short ones, in turn. */
export function hostileMessages(seed: number): () => string {
  const r = random(seed);
  let n = 0;
  return () => {
    const alphabet = n % 4 < 2 ? LATIN : ARABIC;
    const spaced = n % 2 === 1;
    n++;
    let text = '';
    while (text.length < 1000) text += spaced && text.length > 0 && r() < 0.1 ? ' ' : pick([...alphabet], r);
    return text.slice(0, 1000);
  };
}
