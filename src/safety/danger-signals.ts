/**
 * The curated danger and trafficking signals (knowledge/safety/danger-signals.yaml): schema, form
 * expansion and loader. The detector (danger-detector.ts) is built from what this returns.
 */
import path from 'node:path';
import { z } from 'zod';
import { DataError, type DataProblem, zodProblems } from '../data/data-error';
import { readDataFile } from '../data/read-yaml';
import { normalizeText, words } from '../nlu/normalize';

export const DANGER_SIGNALS_FILE = path.join('safety', 'danger-signals.yaml');

/** The ways people write to the bot: French, Standard Arabic, Darija in Arabic script, Darija in Latin letters, English. */
export const SCRIPT_FAMILIES = ['fr', 'ar', 'darija', 'arabizi', 'en'] as const;
export type ScriptFamily = (typeof SCRIPT_FAMILIES)[number];

/** Most forms one written line may expand to ("{a|b} {c|d}" is 4). */
export const MAX_EXPANSIONS_PER_LINE = 1024;

const nonBlank = z.string().trim().min(1, 'must not be empty');
/** A written form; a bare number in YAML is read as text. */
const formLine = z.union([z.string(), z.number()]).transform(String).pipe(nonBlank);
const formList = z.array(formLine).min(1, 'needs at least one form');

/** Forms in every way people write; each family needs at least one form. */
export const FormsByFamilySchema = z.object({ fr: formList, ar: formList, darija: formList, arabizi: formList, en: formList }).strict();
export type FormsByFamily = z.infer<typeof FormsByFamilySchema>;

/** The same, where a family may have no form (a word that only some languages need). */
const optionalList = z.array(formLine).default([]);
export const OptionalFormsByFamilySchema = z
  .object({ fr: optionalList, ar: optionalList, darija: optionalList, arabizi: optionalList, en: optionalList })
  .strict();

export const DANGER_LEVELS = ['immediate', 'exploitation'] as const;
export type DangerLevel = (typeof DANGER_LEVELS)[number];

const GROUP_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export const SignalGroupSchema = z
  .object({
    id: z.string().regex(GROUP_ID, 'must be lower-case words joined by hyphens'),
    level: z.enum(DANGER_LEVELS),
    /** What the group recognises, and which ILO indicator it follows (for staff, never shown). */
    about: nonBlank,
    /**
     * For words that often mean something else ("j'ai peur d'aller à l'hôpital"): a match of this
     * group counts on its own only in a message of at most this many words ("khayfa bzaf"); in a
     * longer message it counts only with a match of a group without this limit.
     */
    'max-words-alone': z.number().int().min(1).max(30).optional(),
    forms: FormsByFamilySchema,
  })
  .strict();
export type SignalGroup = z.infer<typeof SignalGroupSchema>;

export const DangerSignalsFileSchema = z
  .object({
    groups: z.array(SignalGroupSchema).min(1, 'needs at least one group'),
    /** The person (or the one they write about) is outside Morocco. */
    abroad: FormsByFamilySchema,
    /** The message is about someone else (a friend, a sister, a neighbour). */
    'for-other': FormsByFamilySchema,
    negations: z
      .object({
        /** Cancel a signal when they stand just before it, or with one word in between ("not really in danger"). */
        before: OptionalFormsByFamilySchema,
        /** Short or ambiguous negations that cancel a signal only right before it ("ma" is also French "my"). */
        'right-before': OptionalFormsByFamilySchema,
      })
      .strict(),
    'danger-question': z
      .object({
        /** Answers that start with one of these are a yes, whatever follows. */
        yes: FormsByFamilySchema,
        /** A clear no at the start of the answer. */
        no: FormsByFamilySchema,
        /** Words that mean no only alone or before another no, a safe form, a filler or "but" (Latin "la" is also French "the"). */
        'no-alone': OptionalFormsByFamilySchema,
        /** Saying one is safe counts as a no. */
        safe: FormsByFamilySchema,
        /** Words around a no that do not change it ("merci", "now", "daba"). */
        filler: FormsByFamilySchema,
        /** "but": after a no, announces something else (no-but). */
        but: FormsByFamilySchema,
      })
      .strict(),
  })
  .strict();
export type DangerSignalsFile = z.infer<typeof DangerSignalsFileSchema>;

/** " ... " in a form: up to this many other words may stand there ("took ... my passport"). */
export const MAX_GAP_WORDS = 3;
const GAP = /\s*\.\.\.\s*/;
/** Most gaps in one form (keeps the matching cost bounded). */
const MAX_GAPS_PER_FORM = 2;

/** One expanded form: its normalised words, the family and line it was written in. */
export interface Form {
  words: string[];
  /** Indexes of the words that may come after a gap of up to MAX_GAP_WORDS other words. */
  gapsBefore: number[];
  family: ScriptFamily;
  /** The line as written in the file, for reports. */
  line: string;
}

export interface LoadedGroup {
  id: string;
  level: DangerLevel;
  about: string;
  /** See the schema: undefined when a match always counts. */
  maxWordsAlone?: number;
  forms: Form[];
  /** Written lines per family, before expansion. */
  lineCounts: Record<ScriptFamily, number>;
}

export interface DangerQuestionForms {
  yes: Form[];
  no: Form[];
  noAlone: Form[];
  safe: Form[];
  filler: Form[];
  but: Form[];
}

/** The validated, expanded and normalised signals. */
export interface DangerSignals {
  file: string;
  groups: LoadedGroup[];
  abroad: Form[];
  forOther: Form[];
  negationsBefore: Form[];
  negationsRightBefore: Form[];
  dangerQuestion: DangerQuestionForms;
}

/**
 * Expands "{a|b|}" alternatives: "{il|elle} me frappe" is "il me frappe" and "elle me frappe";
 * an empty alternative makes the part optional. Alternatives join the text around them as written,
 * so "{ف|في }اسبانيا" gives "فاسبانيا" and "في اسبانيا".
 */
export function expandAlternatives(line: string): string[] {
  // Split into literal text and alternative sets: "a {b|c} d" -> ["a "], ["b", "c"], [" d"].
  const parts: string[][] = [];
  let rest = line;
  for (;;) {
    const open = rest.indexOf('{');
    const close = rest.indexOf('}');
    if (open < 0) {
      if (close >= 0) throw new Error('has an unbalanced "}"');
      parts.push([rest]);
      break;
    }
    if (close < open) throw new Error('has an unbalanced "}"');
    const inner = rest.slice(open + 1, close);
    if (inner.includes('{')) throw new Error('has a nested or unclosed "{"');
    parts.push([rest.slice(0, open)], inner.split('|'));
    rest = rest.slice(close + 1);
  }
  if (parts.some((p) => p.length === 1 && (p[0] ?? '').includes('|'))) throw new Error('has a "|" outside "{...}"');
  let count = 1;
  for (const p of parts) count *= p.length;
  if (count > MAX_EXPANSIONS_PER_LINE) throw new Error(`expands to more than ${MAX_EXPANSIONS_PER_LINE} forms`);
  let out = [''];
  for (const p of parts) out = out.flatMap((prefix) => p.map((alt) => prefix + alt));
  return out;
}

type Located = { entry?: string; field: string };

function expandFamilies(
  forms: FormsByFamily,
  where: Located,
  file: string,
  problems: DataProblem[],
): { forms: Form[]; lineCounts: Record<ScriptFamily, number> } {
  const out: Form[] = [];
  const seen = new Set<string>();
  const lineCounts = { fr: 0, ar: 0, darija: 0, arabizi: 0, en: 0 };
  for (const family of SCRIPT_FAMILIES) {
    forms[family].forEach((line, i) => {
      lineCounts[family] += 1;
      const field = `${where.field}.${family}.${i}`;
      let expanded: string[];
      try {
        expanded = expandAlternatives(line);
      } catch (err) {
        problems.push({ file, entry: where.entry, field, message: `"${line}" ${(err as Error).message}` });
        return;
      }
      for (const text of expanded) {
        const parts = text.split(GAP).map((part) => words(normalizeText(part)));
        if (parts.some((ws) => ws.length === 0)) {
          problems.push({ file, entry: where.entry, field, message: `"${line}" gives a form with no words ("${text}")` });
          continue;
        }
        if (parts.length - 1 > MAX_GAPS_PER_FORM) {
          problems.push({ file, entry: where.entry, field, message: `"${line}" has more than ${MAX_GAPS_PER_FORM} "..."` });
          continue;
        }
        const ws: string[] = [];
        const gapsBefore: number[] = [];
        for (const part of parts) {
          if (ws.length > 0) gapsBefore.push(ws.length);
          ws.push(...part);
        }
        const key = parts.map((part) => part.join(' ')).join(' ... ');
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ words: ws, gapsBefore, family, line });
      }
    });
  }
  return { forms: out, lineCounts };
}

/** Validates the parsed file and expands its forms; returns the problems found instead of throwing. */
export function readDangerSignals(raw: unknown, file: string): { signals?: DangerSignals; problems: DataProblem[] } {
  const parsed = DangerSignalsFileSchema.safeParse(raw);
  if (!parsed.success) {
    const rawGroups: unknown[] =
      raw && typeof raw === 'object' && 'groups' in raw && Array.isArray(raw.groups) ? (raw as { groups: unknown[] }).groups : [];
    const groupAt = (i: number): string | undefined => {
      const g = rawGroups[i];
      return g && typeof g === 'object' && 'id' in g ? `group ${String(g.id)}` : undefined;
    };
    const problems = parsed.error.issues.flatMap((issue) =>
      issue.path[0] === 'groups' && typeof issue.path[1] === 'number'
        ? zodProblems(file, [{ ...issue, path: issue.path.slice(1) }], (i) => groupAt(i) ?? `group #${i + 1}`)
        : zodProblems(file, [issue]),
    );
    return { problems };
  }
  const data = parsed.data;
  const problems: DataProblem[] = [];
  const groups: LoadedGroup[] = [];
  const ids = new Set<string>();
  for (const g of data.groups) {
    const entry = `group ${g.id}`;
    if (ids.has(g.id)) problems.push({ file, entry, field: 'id', message: 'is used by another group' });
    ids.add(g.id);
    const { forms, lineCounts } = expandFamilies(g.forms, { entry, field: 'forms' }, file, problems);
    groups.push({ id: g.id, level: g.level, about: g.about, maxWordsAlone: g['max-words-alone'], forms, lineCounts });
  }
  const list = (forms: FormsByFamily, field: string) => expandFamilies(forms, { field }, file, problems).forms;
  const dq = data['danger-question'];
  const signals: DangerSignals = {
    file,
    groups,
    abroad: list(data.abroad, 'abroad'),
    forOther: list(data['for-other'], 'for-other'),
    negationsBefore: list(data.negations.before, 'negations.before'),
    negationsRightBefore: list(data.negations['right-before'], 'negations.right-before'),
    dangerQuestion: {
      yes: list(dq.yes, 'danger-question.yes'),
      no: list(dq.no, 'danger-question.no'),
      noAlone: list(dq['no-alone'], 'danger-question.no-alone'),
      safe: list(dq.safe, 'danger-question.safe'),
      filler: list(dq.filler, 'danger-question.filler'),
      but: list(dq.but, 'danger-question.but'),
    },
  };
  return problems.length > 0 ? { problems } : { signals, problems };
}

/** Loads `<knowledgeDir>/safety/danger-signals.yaml` or throws a DataError naming file, group and field. */
export function loadDangerSignals(knowledgeDir: string): DangerSignals {
  const full = path.join(knowledgeDir, DANGER_SIGNALS_FILE);
  const display = path.relative(process.cwd(), full) || full;
  const { signals, problems } = readDangerSignals(readDataFile(full, display), display);
  if (!signals) throw new DataError(problems);
  return signals;
}
