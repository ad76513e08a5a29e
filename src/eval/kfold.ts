/**
 * k-fold evaluation by entry: each fold holds out about 1/k of every entry's question variants (per
 * entry and language), builds the engine without them, and asks them. A held-out question is one
 * the engine never saw, phrased the way its entry's authors phrase questions: this is how we judge
 * whether a change to the engine generalises, without tuning on the evaluation files.
 */
import type { KnowledgeBase } from '../kb/load';
import { type Entry, type Lang, LANGS } from '../kb/schema';
import { createEngine, type Decision, type EngineParts } from '../nlu/understand';
import { type CaseOutcome, type EvalCase, type EvalReport, type Failure, failureOf, type GroupScores, judge, scores } from './evaluate';

export const DEFAULT_FOLDS = 5;

/** The engine's parts, loaded as the bot loads them (src/engine-parts.ts). */
export { loadEngineParts } from '../engine-parts';

/** One held-out question: the case to ask, and where it comes from. */
export interface HeldOutQuestion {
  entry: string;
  lang: Lang;
  /** Position of the question in its entry's list for that language. */
  position: number;
  case: EvalCase;
}

export interface Fold {
  /** 0-based fold number. */
  fold: number;
  /** The knowledge base without this fold's questions. */
  kb: KnowledgeBase;
  heldOut: HeldOutQuestion[];
}

/** FNV-1a, 32 bits: a stable small hash so that the split does not depend on the order of the files. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * The fold of the question at `position` in the list of `entry`'s questions in `lang`: positions go
 * round the folds (so every fold takes about 1/k of each list), starting at a fold chosen by the
 * hash of the entry and language (so the first questions do not all fall in fold 0).
 */
export function foldOf(entry: string, lang: Lang, position: number, k: number): number {
  return (hash(`${entry}/${lang}`) + position) % k;
}

/** Splits the knowledge base's questions into k folds; deterministic. Keywords and titles always stay. */
export function splitFolds(kb: KnowledgeBase, k: number): Fold[] {
  if (!Number.isInteger(k) || k < 2) throw new Error(`k must be an integer of at least 2, got ${k}`);
  const folds: Fold[] = [];
  for (let fold = 0; fold < k; fold++) {
    const heldOut: HeldOutQuestion[] = [];
    const entries: Entry[] = kb.entries.map((entry) => {
      const copy: Entry = { ...entry };
      for (const lang of LANGS) {
        const kept: string[] = [];
        entry[lang].questions.forEach((text, position) => {
          if (foldOf(entry.id, lang, position, k) !== fold) {
            kept.push(text);
            return;
          }
          heldOut.push({
            entry: entry.id,
            lang,
            position,
            case: { id: `${entry.id}/${lang}/${position}`, text, lang, topic: entry.topic, slice: `fold-${fold}` },
          });
        });
        copy[lang] = { ...entry[lang], questions: kept };
      }
      return copy;
    });
    folds.push({ fold, kb: { ...kb, entries, byId: new Map(entries.map((e) => [e.id, e])) }, heldOut });
  }
  return folds;
}

function grouped(judged: Array<{ c: EvalCase; o: CaseOutcome }>, key: (c: EvalCase) => string): Record<string, GroupScores> {
  const groups = new Map<string, CaseOutcome[]>();
  for (const { c, o } of judged) {
    const list = groups.get(key(c)) ?? [];
    list.push(o);
    groups.set(key(c), list);
  }
  return Object.fromEntries([...groups].sort(([a], [b]) => a.localeCompare(b)).map(([name, list]) => [name, scores(list)]));
}

/** The scores of judged cases, by slice, language and topic, with the failures. */
function reportOf(judged: Array<{ c: EvalCase; o: CaseOutcome; d: Decision }>): EvalReport {
  return {
    ...scores(judged.map(({ o }) => o)),
    by_slice: grouped(judged, (c) => c.slice),
    by_lang: grouped(judged, (c) => c.lang),
    by_topic: grouped(judged, (c) => c.topic),
    failures: judged.filter(({ o }) => !(o.resolved && o.langOk)).map(({ c, d }): Failure => failureOf(c, d)),
  };
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
export function randomSource(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The text with one typo in one of its words of 4+ letters: two neighbours swapped, a letter left out or doubled. */
export function withTypo(text: string, random: () => number): string {
  const words = text.split(' ');
  const long = words.flatMap((w, i) => (w.length >= 4 ? [i] : []));
  const i = long[Math.floor(random() * long.length)];
  const word = i === undefined ? undefined : words[i];
  if (i === undefined || word === undefined) return `${text} ${Math.floor(random() * 1e9)}`;
  const at = 1 + Math.floor(random() * (word.length - 2));
  const kind = Math.floor(random() * 3);
  if (kind === 0) words[i] = word.slice(0, at) + word.charAt(at + 1) + word.charAt(at) + word.slice(at + 2);
  else if (kind === 1) words[i] = word.slice(0, at) + word.slice(at + 1);
  else words[i] = word.slice(0, at) + word.charAt(at) + word.slice(at);
  return words.join(' ');
}

export interface KfoldOptions {
  /** Ask each held-out question with one typo (the same for every run): how well misspellings are matched. */
  typos?: boolean;
}

export interface KfoldReport extends EvalReport {
  k: number;
  typos: boolean;
}

/**
 * Runs the k folds: one engine per fold, built from `parts` with that fold's questions left out,
 * asked each held-out question with a fresh context; scored with the evaluation's rules. `by_slice`
 * holds the figures of each fold.
 */
export function runKfold(parts: EngineParts, k: number = DEFAULT_FOLDS, options: KfoldOptions = {}): KfoldReport {
  const judged: Array<{ c: EvalCase; o: CaseOutcome; d: Decision }> = [];
  for (const fold of splitFolds(parts.kb, k)) {
    const engine = createEngine({ ...parts, kb: fold.kb });
    for (const { case: asked } of fold.heldOut) {
      const c = options.typos ? { ...asked, text: withTypo(asked.text, randomSource(hash(asked.id))) } : asked;
      const d = engine.understand(c.text, {});
      judged.push({ c, o: judge(c, d), d });
    }
  }
  return { k, typos: options.typos === true, ...reportOf(judged) };
}

/**
 * The same k-fold for the situations people describe instead of naming a service
 * (knowledge/situations/): each fold leaves out about 1/k of each entry's situations per language,
 * builds the engine without them and asks them; and every situation of the out-of-scope subjects
 * (never indexed: only their keywords are) is asked once, expecting "none". Their language is not
 * labelled, so it is not scored. How well the engine understands descriptions it was not given.
 */
export function runSituationKfold(parts: EngineParts, k: number = DEFAULT_FOLDS): EvalReport {
  if (!Number.isInteger(k) || k < 2) throw new Error(`k must be an integer of at least 2, got ${k}`);
  const judged: Array<{ c: EvalCase; o: CaseOutcome; d: Decision }> = [];
  const situations = parts.situations ?? [];
  for (let fold = 0; fold < k; fold++) {
    const kept: typeof situations = [];
    const heldOut: EvalCase[] = [];
    for (const set of situations) {
      const topic = parts.kb.byId.get(set.entry)?.topic;
      const stay: string[] = [];
      set.phrases.forEach((text, position) => {
        if (!set.lang || !topic || foldOf(set.entry, set.lang, position, k) !== fold) stay.push(text);
        else heldOut.push({ id: `${set.entry}/${set.lang}/situation-${position}`, text, lang: set.lang, topic, slice: 'situation' });
      });
      kept.push({ ...set, phrases: stay });
    }
    const engine = createEngine({ ...parts, situations: kept });
    for (const c of heldOut) {
      const d = engine.understand(c.text, {});
      judged.push({ c, o: judge(c, d), d });
    }
    if (fold === 0) {
      parts.outOfScope.forEach((subject) =>
        subject.situations.forEach((text, position) => {
          const d = engine.understand(text, {});
          const c: EvalCase = { id: `${subject.id}/situation-${position}`, text, lang: d.lang, topic: 'none', slice: 'out-of-scope' };
          judged.push({ c, o: judge(c, d), d });
        }),
      );
    }
  }
  return reportOf(judged);
}
