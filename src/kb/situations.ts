import { readdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DataError, type DataProblem, itemNamer, zodProblems } from '../data/data-error';
import { readDataFile } from '../data/read-yaml';
import { normalizeText } from '../nlu/normalize';
import { type Lang, LANGS } from './schema';

/** knowledge/situations/<topic>.yaml: situations as people tell them, for the entry that answers them. */
export const SITUATIONS_DIR = 'situations';

const situation = z.union([z.string(), z.number()]).transform(String).pipe(z.string().trim().min(1, 'must not be empty'));
const situationList = z.array(situation).min(1, 'needs at least one situation');

export const SituationSetSchema = z
  .object({
    /** The knowledge entry that answers these situations. */
    entry: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens'),
    fr: situationList,
    /** Modern Standard Arabic, Darija in Arabic script and Darija in Latin letters (Arabizi). */
    ar: situationList,
    en: situationList,
  })
  .strict();
export type SituationSet = z.infer<typeof SituationSetSchema>;

export const SituationFileSchema = z.array(SituationSetSchema).min(1, 'a situations file holds at least one entry');

/** Situations per knowledge entry id, per reply language. */
export type Situations = Map<string, Record<Lang, string[]>>;

function isDataFile(name: string): boolean {
  return /\.(ya?ml|json)$/i.test(name) && !name.startsWith('.');
}

/**
 * Loads every file of `<knowledgeDir>/situations`. Fails with DataError naming file, entry and field
 * when a file is invalid, names an entry id not in `entryIds`, lists an entry twice, or tells the
 * same situation (once normalised) for two entries.
 */
export function loadSituations(knowledgeDir: string, entryIds: ReadonlySet<string>): Situations {
  const dir = path.join(knowledgeDir, SITUATIONS_DIR);
  const rel = (file: string) => path.relative(process.cwd(), file) || file;
  const problems: DataProblem[] = [];
  let files: string[];
  try {
    files = readdirSync(dir).filter(isDataFile).sort();
  } catch {
    throw new DataError([{ file: rel(dir), message: 'folder cannot be read' }]);
  }
  if (files.length === 0) throw new DataError([{ file: rel(dir), message: 'holds no situations file' }]);

  const situations: Situations = new Map();
  const fileOfEntry = new Map<string, string>();
  /** Each normalised situation and where it was first told. */
  const told = new Map<string, { entry: string; file: string }>();
  for (const name of files) {
    const file = path.join(dir, name);
    const display = rel(file);
    let raw: unknown;
    try {
      raw = readDataFile(file, display);
    } catch (err) {
      if (err instanceof DataError) {
        problems.push(...err.problems);
        continue;
      }
      throw err;
    }
    const parsed = SituationFileSchema.safeParse(raw);
    if (!parsed.success) {
      problems.push(...zodProblems(display, parsed.error.issues, itemNamer(raw, 'entry')));
      continue;
    }
    for (const set of parsed.data) {
      if (!entryIds.has(set.entry)) {
        problems.push({ file: display, entry: set.entry, field: 'entry', message: `"${set.entry}" is not a knowledge entry id` });
        continue;
      }
      const earlier = fileOfEntry.get(set.entry);
      if (earlier) {
        problems.push({ file: display, entry: set.entry, field: 'entry', message: `is already listed in ${earlier}` });
        continue;
      }
      fileOfEntry.set(set.entry, display);
      for (const lang of LANGS) {
        set[lang].forEach((text, i) => {
          const key = normalizeText(text);
          const field = `${lang}.${i}`;
          const first = told.get(key);
          if (!key) problems.push({ file: display, entry: set.entry, field, message: 'has no words' });
          else if (first) {
            const where = first.entry === set.entry ? 'earlier in this entry' : `for entry "${first.entry}" in ${first.file}`;
            problems.push({ file: display, entry: set.entry, field, message: `"${text}" is already told ${where}` });
          } else told.set(key, { entry: set.entry, file: display });
        });
      }
      situations.set(set.entry, { fr: set.fr, ar: set.ar, en: set.en });
    }
  }
  if (problems.length > 0) throw new DataError(problems);
  return situations;
}
