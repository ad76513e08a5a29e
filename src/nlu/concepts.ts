import path from 'node:path';
import { z } from 'zod';
import { DataError, type DataProblem, itemNamer, zodProblems } from '../data/data-error';
import { readDataFile } from '../data/read-yaml';
import { normalizeText, stem, words } from './normalize';

export const CONCEPTS_FILE = 'concepts.yaml';

/** A concept found in a message is reported as this prefix followed by the concept's id: "§no-papers". */
export const CONCEPT_TOKEN_PREFIX = '§';

/** Follow-up facets: what a person asks about a service already being discussed. */
export const FACET_CONCEPTS = [
  'facet-when',
  'facet-cost',
  'facet-funders',
  'facet-place',
  'facet-who',
  'facet-documents',
  'facet-how',
  'facet-where',
  'facet-hours',
  'facet-email',
  'facet-phone',
] as const;

/** Commands said in words: the lexicon must define each of these ids. */
export const COMMAND_CONCEPTS = [
  'cmd-forget',
  'cmd-stop',
  'cmd-menu',
  'cmd-capabilities',
  'cmd-thanks',
  'cmd-greeting',
  'cmd-lang-fr',
  'cmd-lang-ar',
  'cmd-lang-en',
  'yes',
  'no',
] as const;

/** Concept ids the code relies on: loading fails when one is missing. */
export const REQUIRED_CONCEPTS: readonly string[] = [...FACET_CONCEPTS, ...COMMAND_CONCEPTS];

const CONCEPT_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** A word or a phrase; a bare number in YAML is read as text. */
const form = z.union([z.string(), z.number()]).transform(String).pipe(z.string().trim().min(1, 'must not be empty'));
const formList = z.array(form).default([]);

export const ConceptFormsSchema = z.object({ fr: formList, ar: formList, darija: formList, arabizi: formList, en: formList }).strict();

export const ConceptSchema = z
  .object({
    id: z.string().regex(CONCEPT_ID, 'must be lower-case words joined by hyphens'),
    about: z.string().trim().min(1, 'must say what the concept is'),
    forms: ConceptFormsSchema,
  })
  .strict()
  .superRefine((c, ctx) => {
    const count = Object.values(c.forms).reduce((n, list) => n + list.length, 0);
    if (count === 0) ctx.addIssue({ code: 'custom', path: ['forms'], message: 'needs at least one form' });
  });
export type Concept = z.infer<typeof ConceptSchema>;
export type ConceptFamily = keyof Concept['forms'];

export const CONCEPT_FAMILIES: readonly ConceptFamily[] = ['fr', 'ar', 'darija', 'arabizi', 'en'];

/** Every form of a concept, all families together. */
export function formsOf(concept: Concept): string[] {
  return CONCEPT_FAMILIES.flatMap((family) => concept.forms[family]);
}

/** Loads and validates knowledge/concepts.yaml; throws DataError naming file, concept and field. */
export function loadConcepts(knowledgeDir: string): Concept[] {
  const file = path.join(knowledgeDir, CONCEPTS_FILE);
  const display = path.relative(process.cwd(), file) || file;
  const raw = readDataFile(file, display);
  const parsed = z.array(ConceptSchema).min(1, 'the lexicon holds at least one concept').safeParse(raw);
  if (!parsed.success) {
    throw new DataError(zodProblems(display, parsed.error.issues, itemNamer(raw)));
  }
  const problems: DataProblem[] = [];
  const seen = new Set<string>();
  for (const concept of parsed.data) {
    if (seen.has(concept.id)) problems.push({ file: display, entry: concept.id, field: 'id', message: 'is defined twice' });
    seen.add(concept.id);
    for (const family of CONCEPT_FAMILIES) {
      concept.forms[family].forEach((f, i) => {
        if (words(normalizeText(f)).length === 0) {
          problems.push({
            file: display,
            entry: concept.id,
            field: `forms.${family}.${i}`,
            message: `"${f}" has no words once normalised`,
          });
        }
      });
    }
  }
  for (const id of REQUIRED_CONCEPTS) {
    if (!seen.has(id)) problems.push({ file: display, entry: id, message: 'this concept is required by the code and is missing' });
  }
  if (problems.length > 0) throw new DataError(problems);
  return parsed.data;
}

/** A stem shorter than this is not used as a key: short stems of different words collide ("ill" and "il", "دين" and "والدين"). */
const MIN_STEM_KEY = 4;
const ARABIC = /[\u0621-\u064a]/;
/** The article, alone or after a preposition, glued to an Arabic word ("فالتكوين", "بالفرنسية"), longest first. */
const ARABIC_ARTICLE = /^(وبال|وال|بال|فال|كال|لل|ال)/;
const ARABIC_GLUED_LETTER = /^[وفب]/;

/** The keys a form's word is indexed by: the word, its light stem, and for Arabic the word without its article. */
function formKeys(word: string): string[] {
  const keys = [word];
  const s = stem(word);
  if (s.length >= MIN_STEM_KEY && !keys.includes(s)) keys.push(s);
  if (ARABIC.test(word)) {
    const bare = word.replace(ARABIC_ARTICLE, '');
    if (bare !== word && bare.length >= 3 && !keys.includes(bare)) keys.push(bare);
  }
  return keys;
}

/**
 * The keys a message's word is looked up by: those of a form's word, and for an Arabic word also
 * those of the word without a conjunction or preposition glued to it ("وبغيت" is "بغيت"; "و"
 * from four letters, "ف" and "ب" from five). Only the message side drops these letters, so two
 * forms never meet through them ("بلادي" is not "ولادي").
 */
function messageKeys(word: string): string[] {
  const keys = formKeys(word);
  if (!ARABIC.test(word) || ARABIC_ARTICLE.test(word)) return keys;
  const minLength = word.startsWith('\u0648') ? 4 : 5;
  if (word.length < minLength || !ARABIC_GLUED_LETTER.test(word)) return keys;
  for (const key of formKeys(word.slice(1))) if (!keys.includes(key)) keys.push(key);
  return keys;
}

/** One occurrence of a concept in a message: words start (inclusive) to end (exclusive). */
export interface ConceptHit {
  id: string;
  start: number;
  end: number;
}

interface IndexedForm {
  concept: number;
  /** The keys of each of the form's words after the first. */
  rest: string[][];
}

/**
 * Finds the concepts a message speaks of. Built once from the lexicon: every form is indexed by
 * the keys of its first word, so a message is read word by word with one map lookup per key, and
 * only the forms starting with that word are compared with the words that follow: the cost grows
 * with the message's length, not with the size of the lexicon.
 */
export class ConceptMatcher {
  private readonly ids: string[];
  private readonly byFirstKey = new Map<string, IndexedForm[]>();
  readonly formCount: number;

  constructor(concepts: readonly Concept[]) {
    this.ids = concepts.map((c) => c.id);
    let count = 0;
    concepts.forEach((concept, position) => {
      const seen = new Set<string>();
      for (const text of formsOf(concept)) {
        const formWords = words(normalizeText(text));
        const [first, ...rest] = formWords;
        if (first === undefined) continue;
        const signature = formWords.join(' ');
        if (seen.has(signature)) continue;
        seen.add(signature);
        count += 1;
        const indexed: IndexedForm = { concept: position, rest: rest.map(formKeys) };
        for (const key of formKeys(first)) {
          const list = this.byFirstKey.get(key) ?? [];
          list.push(indexed);
          this.byFirstKey.set(key, list);
        }
      }
    });
    this.formCount = count;
  }

  /**
   * Every occurrence of a concept's form in the normalised text: the concept and the span of words
   * it covers (start inclusive, end exclusive), in reading order. Occurrences may overlap.
   */
  matches(normalized: string): ConceptHit[] {
    const keysOfWords = words(normalized).map(messageKeys);
    const hits: ConceptHit[] = [];
    /** The concept (by number) of each hit. */
    const conceptOfHit: number[] = [];
    for (let i = 0; i < keysOfWords.length; i++) {
      for (const key of keysOfWords[i] ?? []) {
        const candidates = this.byFirstKey.get(key);
        if (candidates === undefined) continue;
        for (const candidate of candidates) {
          if (!followsAt(candidate.rest, keysOfWords, i + 1)) continue;
          const end = i + 1 + candidate.rest.length;
          if (foundAt(hits, conceptOfHit, candidate.concept, i, end)) continue;
          hits.push({ id: this.ids[candidate.concept] ?? '', start: i, end });
          conceptOfHit.push(candidate.concept);
        }
      }
    }
    return hits;
  }

  /** The ids of the concepts found in the normalised text, each once, in order of first occurrence. */
  find(normalized: string): string[] {
    return [...new Set(this.matches(normalized).map((h) => h.id))];
  }

  /** The concepts one of whose forms is the whole message ("baraka", "in English please" is not: "please" is left over). */
  whole(normalized: string): string[] {
    const length = words(normalized).length;
    return [
      ...new Set(
        this.matches(normalized)
          .filter((h) => h.start === 0 && h.end === length)
          .map((h) => h.id),
      ),
    ];
  }

  /** "§<id>" for every concept whose form occurs in the normalised text, in order of first occurrence. */
  tokens(normalized: string): string[] {
    return this.find(normalized).map((id) => CONCEPT_TOKEN_PREFIX + id);
  }
}

/**
 * True when `hits` already holds the concept over the words start..end (found through another form
 * or key). Hits are in order of their start: only the last ones can start at `start`.
 */
function foundAt(hits: ConceptHit[], conceptOfHit: number[], concept: number, start: number, end: number): boolean {
  for (let k = hits.length - 1; k >= 0; k--) {
    const hit = hits[k];
    if (!hit || hit.start !== start) return false;
    if (hit.end === end && conceptOfHit[k] === concept) return true;
  }
  return false;
}

/** True when the message's words from `start` on are the form's remaining words (any of their keys in common). */
function followsAt(rest: string[][], keysOfWords: string[][], start: number): boolean {
  if (start + rest.length > keysOfWords.length) return false;
  for (let k = 0; k < rest.length; k++) {
    const formKeys = rest[k] ?? [];
    const wordKeys = keysOfWords[start + k] ?? [];
    if (!formKeys.some((key) => wordKeys.includes(key))) return false;
  }
  return true;
}
