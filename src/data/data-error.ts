import type { z } from 'zod';

/** One problem in a data file, located as precisely as we can: file, entry, field. */
export interface DataProblem {
  file: string;
  entry?: string;
  field?: string;
  message: string;
}

export function formatProblem(p: DataProblem): string {
  const where = [p.file, p.entry ? `entry "${p.entry}"` : undefined, p.field ? `field "${p.field}"` : undefined].filter(Boolean).join(', ');
  return `${where}: ${p.message}`;
}

/** Thrown at start-up when a knowledge, lexicon, locale or configuration file is invalid. */
export class DataError extends Error {
  constructor(readonly problems: DataProblem[]) {
    super(`${problems.length} problem(s) in data files:\n` + problems.map((p) => '  - ' + formatProblem(p)).join('\n'));
    this.name = 'DataError';
  }
}

type Path = PropertyKey[];

/** What zodProblems may use to name root causes instead of their symptoms. */
export interface IssueContext {
  /** Names the list item at the start of a path (its id), for files that hold a list. */
  entryName?: (index: number) => string | undefined;
  /** Names the entry every issue belongs to, when the input is a single entry. */
  entry?: string;
  /** The value that was validated: tells a missing field from a wrong one. */
  input?: unknown;
  /** The schema it was validated with: lets an unknown key with no missing partner name the key it resembles. */
  schema?: z.core.$ZodType;
}

/** The keys an object schema allows at `path` (through arrays, optionals, defaults and pipes), if any. */
export function knownKeysAt(schema: z.core.$ZodType, path: Path): string[] {
  let current: z.core.$ZodType | undefined = schema;
  const unwrap = (s: z.core.$ZodType): z.core.$ZodType => {
    const def: z.core.$ZodTypeDef = s._zod.def;
    if ('innerType' in def && def.innerType) return unwrap(def.innerType as z.core.$ZodType);
    if (def.type === 'pipe' && 'in' in def) return unwrap(def.in as z.core.$ZodType);
    return s;
  };
  for (const key of path) {
    if (!current) return [];
    const def: z.core.$ZodTypeDef = unwrap(current)._zod.def;
    if (def.type === 'array' && 'element' in def) current = def.element as z.core.$ZodType;
    else if (def.type === 'object' && 'shape' in def) current = (def.shape as Record<string, z.core.$ZodType>)[String(key)];
    else return [];
  }
  if (!current) return [];
  const def: z.core.$ZodTypeDef = unwrap(current)._zod.def;
  return def.type === 'object' && 'shape' in def ? Object.keys(def.shape as Record<string, z.core.$ZodType>) : [];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function valueAt(input: unknown, path: Path): { parent: unknown; value: unknown } {
  let parent: unknown = undefined;
  let value: unknown = input;
  for (const key of path) {
    parent = value;
    if (isRecord(value) && typeof key === 'string') value = value[key];
    else if (Array.isArray(value) && typeof key === 'number') value = value[key];
    else return { parent, value: undefined };
  }
  return { parent, value };
}

/** Damerau-Levenshtein distance (adjacent swaps count once): "qestions" is 1 from "questions". */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++) {
    const row = d[i] ?? [];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      row[j] = best;
    }
  }
  return at(a.length, b.length);
}

/** Close enough to be a misspelling: at most 2 edits, and fewer than half the word. */
function isLikelyMisspelling(typed: string, meant: string): boolean {
  const distance = editDistance(typed.toLowerCase(), meant.toLowerCase());
  return distance <= 2 && distance * 2 < Math.max(typed.length, meant.length);
}

const pathKey = (path: Path) => path.map(String).join('.');

/**
 * Turns zod issues into problems, one per mistake: an unknown key next to a missing required key
 * of the same object becomes "unknown field 'qestions' (did you mean 'questions'?)" instead of two
 * problems, and a missing field says so instead of "expected array, received undefined".
 */
/** Names the items of a list read from a data file by one of their fields ("id", "entry"), for problem reports. */
export function itemNamer(raw: unknown, key = 'id'): (index: number) => string | undefined {
  const list: unknown[] = Array.isArray(raw) ? raw : [];
  return (index) => {
    const item: unknown = list[index];
    return item && typeof item === 'object' && key in item ? String((item as Record<string, unknown>)[key]) : undefined;
  };
}

export function zodProblems(
  file: string,
  issues: z.core.$ZodIssue[],
  context: IssueContext | ((index: number) => string | undefined) = {},
): DataProblem[] {
  const ctx: IssueContext = typeof context === 'function' ? { entryName: context } : context;
  const hasInput = 'input' in ctx;
  const isMissing = (issue: z.core.$ZodIssue) => {
    if (!hasInput || issue.path.length === 0) return false;
    const { parent, value } = valueAt(ctx.input, issue.path);
    return isRecord(parent) && value === undefined && !(String(issue.path[issue.path.length - 1]) in parent);
  };

  // Missing fields by the object that should hold them, to pair with unknown keys there.
  const missingByObject = new Map<string, { key: string; issue: z.core.$ZodIssue }[]>();
  for (const issue of issues) {
    if (!isMissing(issue)) continue;
    const objectKey = pathKey(issue.path.slice(0, -1));
    const list = missingByObject.get(objectKey) ?? [];
    list.push({ key: String(issue.path[issue.path.length - 1]), issue });
    missingByObject.set(objectKey, list);
  }

  const explained = new Set<z.core.$ZodIssue>();
  const out: { path: Path; message: string }[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const candidates = missingByObject.get(pathKey(issue.path)) ?? [];
      for (const key of issue.keys) {
        const match = candidates
          .filter((c) => !explained.has(c.issue) && isLikelyMisspelling(key, c.key))
          .sort((x, y) => editDistance(key, x.key) - editDistance(key, y.key))[0];
        if (match) explained.add(match.issue);
        const meant =
          match?.key ??
          (ctx.schema
            ? knownKeysAt(ctx.schema, issue.path)
                .filter((k) => isLikelyMisspelling(key, k))
                .sort((x, y) => editDistance(key, x) - editDistance(key, y))[0]
            : undefined);
        out.push({ path: [...issue.path, key], message: `unknown field '${key}'` + (meant ? ` (did you mean '${meant}'?)` : '') });
      }
    }
  }
  const problems: { path: Path; message: string }[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys' || explained.has(issue)) continue;
    problems.push({ path: [...issue.path], message: isMissing(issue) ? 'required field is missing' : issue.message });
  }
  problems.push(...out);

  return problems.map(({ path, message }) => {
    let entry = ctx.entry;
    if (ctx.entryName && typeof path[0] === 'number') {
      const index = path[0];
      path = path.slice(1);
      entry = ctx.entryName(index) ?? `#${index + 1}`;
    }
    const field = path.length > 0 ? path.map(String).join('.') : undefined;
    return { file, entry, field, message };
  });
}

/**
 * Runs `load`; a DataError's problems are added to `problems` (and undefined returned) instead of
 * thrown, so that a checker can report every mistake at once. Any other error is thrown.
 */
export function collectProblems<T>(problems: DataProblem[], load: () => T): T | undefined {
  try {
    return load();
  } catch (err) {
    if (err instanceof DataError) problems.push(...err.problems);
    else throw err;
    return undefined;
  }
}
