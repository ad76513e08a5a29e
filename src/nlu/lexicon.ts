import path from 'node:path';
import { z } from 'zod';
import { DataError, zodProblems } from '../data/data-error';
import { readDataFile } from '../data/read-yaml';
import { normalizeText, words } from './normalize';

export const FUNCTION_WORDS_FILE = path.join('lexicon', 'function-words.yaml');

const wordList = z.array(z.union([z.string(), z.number()]).transform(String)).min(1);
export const FunctionWordsSchema = z.object({ fr: wordList, en: wordList, ar: wordList, darija: wordList, arabizi: wordList }).strict();

/** Cue families: the languages of the reply plus the two ways Darija is written. */
export type CueFamily = keyof z.infer<typeof FunctionWordsSchema>;

/** Normalised function words per family, and their union (left out of knowledge matching). */
export interface Lexicon {
  functionWords: Record<CueFamily, Set<string>>;
  allFunctionWords: Set<string>;
}

function normalizedSet(list: string[]): Set<string> {
  const out = new Set<string>();
  for (const item of list) for (const w of words(normalizeText(item))) out.add(w);
  return out;
}

export function loadLexicon(knowledgeDir: string): Lexicon {
  const file = path.join(knowledgeDir, FUNCTION_WORDS_FILE);
  const display = path.relative(process.cwd(), file) || file;
  const parsed = FunctionWordsSchema.safeParse(readDataFile(file, display));
  if (!parsed.success) throw new DataError(zodProblems(display, parsed.error.issues));
  const fw = parsed.data;
  const functionWords = {
    fr: normalizedSet(fw.fr),
    en: normalizedSet(fw.en),
    ar: normalizedSet(fw.ar),
    darija: normalizedSet(fw.darija),
    arabizi: normalizedSet(fw.arabizi),
  };
  const allFunctionWords = new Set<string>();
  for (const set of Object.values(functionWords)) for (const w of set) allFunctionWords.add(w);
  return { functionWords, allFunctionWords };
}
