import { z } from 'zod';
import type { Decision, UnderstandingEngine } from '../nlu/understand';
import { parseLine, readJsonLines } from './jsonl';

export const EvalCaseSchema = z.object({
  id: z.string(),
  text: z.string(),
  lang: z.enum(['fr', 'ar', 'en']),
  topic: z.string(),
  slice: z.string(),
});
export type EvalCase = z.infer<typeof EvalCaseSchema>;

export interface CaseOutcome {
  resolved: boolean;
  helpful: boolean;
  wrong: boolean;
  langOk: boolean;
}

/** The rules of the evaluation, for one case. */
export function judge(c: EvalCase, d: Decision): CaseOutcome {
  const resolved = c.topic === 'none' ? d.kind === 'none' : d.kind === 'answer' && d.topic === c.topic;
  const helpful = resolved || (d.kind === 'clarify' && d.suggestions.some((s) => s.topic === c.topic));
  const wrong = d.kind === 'answer' && d.topic !== c.topic;
  return { resolved, helpful, wrong, langOk: d.lang === c.lang };
}

export interface GroupScores {
  cases: number;
  resolved: number;
  helpful: number;
  wrong: number;
  lang_accuracy: number;
}

export interface Failure {
  id: string;
  text: string;
  slice: string;
  expected_topic: string;
  expected_lang: string;
  kind: Decision['kind'];
  topic: string;
  lang: string;
  suggestions: string[];
  reason: string;
}

/** A case the engine did not resolve (or answered in the wrong language), with what it did instead. */
export function failureOf(c: EvalCase, d: Decision): Failure {
  return {
    id: c.id,
    text: c.text,
    slice: c.slice,
    expected_topic: c.topic,
    expected_lang: c.lang,
    kind: d.kind,
    topic: d.topic,
    lang: d.lang,
    suggestions: d.suggestions.map((s) => s.topic),
    reason: d.reason,
  };
}

export interface EvalReport extends GroupScores {
  by_slice: Record<string, GroupScores>;
  by_lang: Record<string, GroupScores>;
  by_topic: Record<string, GroupScores>;
  failures: Failure[];
}

/** The rates of a group of outcomes. */
export function scores(outcomes: CaseOutcome[]): GroupScores {
  const n = outcomes.length;
  const rate = (f: (o: CaseOutcome) => boolean) => (n === 0 ? 0 : outcomes.filter(f).length / n);
  return {
    cases: n,
    resolved: rate((o) => o.resolved),
    helpful: rate((o) => o.helpful),
    wrong: rate((o) => o.wrong),
    lang_accuracy: rate((o) => o.langOk),
  };
}

function grouped(cases: EvalCase[], outcomes: CaseOutcome[], key: (c: EvalCase) => string): Record<string, GroupScores> {
  const groups = new Map<string, CaseOutcome[]>();
  cases.forEach((c, i) => groups.set(key(c), [...(groups.get(key(c)) ?? []), outcomes[i] as CaseOutcome]));
  return Object.fromEntries([...groups].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, scores(v)]));
}

/** Runs every case through the engine with a fresh context and scores the decisions. */
export function evaluate(engine: UnderstandingEngine, cases: EvalCase[]): EvalReport {
  const decisions = cases.map((c) => engine.understand(c.text, {}));
  const outcomes = cases.map((c, i) => judge(c, decisions[i] as Decision));
  const failures: Failure[] = [];
  cases.forEach((c, i) => {
    const o = outcomes[i] as CaseOutcome;
    const d = decisions[i] as Decision;
    if (o.resolved && o.langOk) return;
    failures.push(failureOf(c, d));
  });
  return {
    ...scores(outcomes),
    by_slice: grouped(cases, outcomes, (c) => c.slice),
    by_lang: grouped(cases, outcomes, (c) => c.lang),
    by_topic: grouped(cases, outcomes, (c) => c.topic),
    failures,
  };
}

/** Parses a JSON-lines file of cases; a bad line names its number. */
export function parseCases(text: string, file: string): EvalCase[] {
  return readJsonLines(text, file).map((line) => parseLine(EvalCaseSchema, line, file));
}
