import { readdirSync } from 'node:fs';
import path from 'node:path';
import { DataError, type DataProblem, zodProblems } from '../data/data-error';
import { readDataFile } from '../data/read-yaml';
import { normalizeText } from '../nlu/normalize';
import {
  type Entry,
  EntryFileSchema,
  KNOWLEDGE_TOPICS,
  LANGS,
  type SourceDocument,
  SourceDocumentSchema,
} from './schema';

/** The validated knowledge base: entries in file order, and what it was built from. */
export interface KnowledgeBase {
  dir: string;
  source: SourceDocument;
  entries: Entry[];
  byId: Map<string, Entry>;
}

export const ENTRIES_DIR = 'entries';
export const SOURCE_FILE = 'source.yaml';

function isDataFile(name: string): boolean {
  return /\.(ya?ml|json)$/i.test(name) && !name.startsWith('.');
}

/**
 * Reads every file of `<dir>/entries`, validates it, then checks the knowledge base as a whole.
 * Returns the problems found instead of throwing, so that kb:check can report all of them.
 */
export function readKnowledgeBase(dir: string): { kb?: KnowledgeBase; problems: DataProblem[] } {
  const problems: DataProblem[] = [];
  const rel = (file: string) => path.relative(process.cwd(), file) || file;
  const entries: Entry[] = [];
  const fileOf = new Map<string, string>();

  let source: SourceDocument | undefined;
  const sourceFile = path.join(dir, SOURCE_FILE);
  try {
    const parsed = SourceDocumentSchema.safeParse(readDataFile(sourceFile, rel(sourceFile)));
    if (parsed.success) source = parsed.data;
    else problems.push(...zodProblems(rel(sourceFile), parsed.error.issues));
  } catch (err) {
    if (err instanceof DataError) problems.push(...err.problems);
    else throw err;
  }

  const entriesDir = path.join(dir, ENTRIES_DIR);
  let files: string[] = [];
  try {
    files = readdirSync(entriesDir).filter(isDataFile).sort();
  } catch {
    problems.push({ file: rel(entriesDir), message: 'folder cannot be read' });
  }
  if (files.length === 0 && problems.length === 0) {
    problems.push({ file: rel(entriesDir), message: 'holds no knowledge file' });
  }

  for (const name of files) {
    const file = path.join(entriesDir, name);
    let raw: unknown;
    try {
      raw = readDataFile(file, rel(file));
    } catch (err) {
      if (err instanceof DataError) {
        problems.push(...err.problems);
        continue;
      }
      throw err;
    }
    const parsed = EntryFileSchema.safeParse(raw);
    if (!parsed.success) {
      const rawList = Array.isArray(raw) ? raw : [];
      const idAt = (i: number) => {
        const item: unknown = rawList[i];
        return item && typeof item === 'object' && 'id' in item ? String((item as { id: unknown }).id) : undefined;
      };
      problems.push(...zodProblems(rel(file), parsed.error.issues, idAt));
      continue;
    }
    for (const entry of parsed.data) {
      const earlier = fileOf.get(entry.id);
      if (earlier) {
        problems.push({ file: rel(file), entry: entry.id, field: 'id', message: `duplicates the id of an entry in ${earlier}` });
        continue;
      }
      fileOf.set(entry.id, rel(file));
      entries.push(entry);
    }
  }

  const byId = new Map(entries.map((e) => [e.id, e] as const));
  problems.push(...checkKnowledgeBase(entries, byId, fileOf));
  if (problems.length > 0 || !source) return { problems };
  return { kb: { dir, source, entries, byId }, problems };
}

/** Whole-base rules: every topic in three languages, follow-ups resolve, no shared question variant. */
function checkKnowledgeBase(entries: Entry[], byId: Map<string, Entry>, fileOf: Map<string, string>): DataProblem[] {
  const problems: DataProblem[] = [];
  const file = (e: Entry) => fileOf.get(e.id) ?? '?';

  for (const topic of KNOWLEDGE_TOPICS) {
    if (!entries.some((e) => e.topic === topic)) {
      problems.push({ file: ENTRIES_DIR, field: 'topic', message: `no entry covers the topic "${topic}"` });
    }
  }

  for (const e of entries) {
    for (const f of e.followups) {
      if (!byId.has(f)) problems.push({ file: file(e), entry: e.id, field: 'followups', message: `"${f}" is not an entry id` });
      if (f === e.id) problems.push({ file: file(e), entry: e.id, field: 'followups', message: 'an entry cannot follow itself' });
    }
  }

  const seen = new Map<string, { entry: Entry; field: string }>();
  for (const e of entries) {
    for (const lang of LANGS) {
      e[lang].questions.forEach((q, i) => {
        const key = normalizeText(q);
        const field = `${lang}.questions.${i}`;
        const first = seen.get(key);
        if (!key) {
          problems.push({ file: file(e), entry: e.id, field, message: 'has no words' });
        } else if (first && first.entry.id !== e.id) {
          problems.push({
            file: file(e),
            entry: e.id,
            field,
            message: `question "${q}" is also a variant of entry "${first.entry.id}" (${first.field})`,
          });
        } else if (!first) {
          seen.set(key, { entry: e, field });
        }
      });
    }
  }
  return problems;
}

/** Loads the knowledge base or fails with every problem named (file, entry, field). */
export function loadKnowledgeBase(dir: string): KnowledgeBase {
  const { kb, problems } = readKnowledgeBase(dir);
  if (!kb) throw new DataError(problems);
  return kb;
}
