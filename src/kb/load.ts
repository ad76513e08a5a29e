import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { collectProblems, DataError, type DataProblem, zodProblems } from '../data/data-error';
import { readDataFile } from '../data/read-yaml';
import { normalizeText } from '../nlu/normalize';
import { checkContentRules, loadContentRules } from './content-rules';
import { requiredEntryIds } from './required-ids';
import { type Entry, EntrySchema, KNOWLEDGE_TOPICS, LANGS, type SourceDocument, SourceDocumentSchema } from './schema';

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
 * What is known of entries that failed validation (or files that failed to parse): whole-base
 * checks skip them, so that one mistake is reported once, not again as a missing follow-up target,
 * an uncovered topic or a missing required entry.
 */
interface Failed {
  ids: Set<string>;
  topics: Set<string>;
  /** A file could not be read or parsed and its ids could not be guessed: existence checks are off. */
  unknown: boolean;
}

const textOf = (v: unknown, key: string): string | undefined => {
  if (typeof v !== 'object' || v === null || !(key in v)) return undefined;
  const value: unknown = Object.getOwnPropertyDescriptor(v, key)?.value;
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
};

/** Ids and topics written in a file that does not parse, read line by line ("- id: x", "topic: y"). */
function salvageIdsAndTopics(file: string, failed: Failed): void {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    failed.unknown = true;
    return;
  }
  const ids = [...text.matchAll(/^\s*-?\s*id:\s*["']?([a-z0-9-]+)/gm)].map((m) => m[1] ?? '');
  const topics = [...text.matchAll(/^\s*topic:\s*["']?([a-z0-9-]+)/gm)].map((m) => m[1] ?? '');
  if (ids.length === 0) failed.unknown = true;
  for (const id of ids) failed.ids.add(id);
  for (const topic of topics) failed.topics.add(topic);
}

/**
 * Reads every file of `<dir>/entries`, validates each entry, then checks the knowledge base as a
 * whole (topics covered, follow-ups resolve, required entries present, content rules).
 * Returns one problem per mistake instead of throwing, so that kb:check can report all of them.
 */
export function readKnowledgeBase(dir: string): { kb?: KnowledgeBase; problems: DataProblem[] } {
  const problems: DataProblem[] = [];
  const rel = (file: string) => path.relative(process.cwd(), file) || file;
  const entries: Entry[] = [];
  const fileOf = new Map<string, string>();
  const failed: Failed = { ids: new Set(), topics: new Set(), unknown: false };
  const collect = <T>(load: () => T): T | undefined => collectProblems(problems, load);

  const sourceFile = path.join(dir, SOURCE_FILE);
  const source = collect(() => {
    const raw = readDataFile(sourceFile, rel(sourceFile));
    const parsed = SourceDocumentSchema.safeParse(raw);
    if (!parsed.success)
      throw new DataError(zodProblems(rel(sourceFile), parsed.error.issues, { input: raw, schema: SourceDocumentSchema }));
    return parsed.data;
  });
  const contentRules = collect(() => loadContentRules(dir));

  const entriesDir = path.join(dir, ENTRIES_DIR);
  let files: string[] = [];
  try {
    files = readdirSync(entriesDir).filter(isDataFile).sort();
  } catch {
    problems.push({ file: rel(entriesDir), message: 'folder cannot be read' });
    failed.unknown = true;
  }
  if (files.length === 0 && !failed.unknown) {
    problems.push({ file: rel(entriesDir), message: 'holds no knowledge file' });
    failed.unknown = true;
  }

  for (const name of files) {
    const file = path.join(entriesDir, name);
    let raw: unknown;
    try {
      raw = readDataFile(file, rel(file));
    } catch (err) {
      if (!(err instanceof DataError)) throw err;
      problems.push(...err.problems);
      salvageIdsAndTopics(file, failed);
      continue;
    }
    if (!Array.isArray(raw) || raw.length === 0) {
      problems.push({ file: rel(file), message: 'must be a list of at least one entry ("- id: ...")' });
      const id = textOf(raw, 'id');
      const topic = textOf(raw, 'topic');
      if (id) failed.ids.add(id);
      else failed.unknown = true;
      if (topic) failed.topics.add(topic);
      continue;
    }
    raw.forEach((item: unknown, index) => {
      const rawId = textOf(item, 'id');
      const parsed = EntrySchema.safeParse(item);
      if (!parsed.success) {
        problems.push(
          ...zodProblems(rel(file), parsed.error.issues, { entry: rawId ?? `#${index + 1}`, input: item, schema: EntrySchema }),
        );
        if (rawId) failed.ids.add(rawId);
        else failed.unknown = true;
        const rawTopic = textOf(item, 'topic');
        if (rawTopic) failed.topics.add(rawTopic);
        return;
      }
      const entry = parsed.data;
      const earlier = fileOf.get(entry.id);
      if (earlier) {
        problems.push({ file: rel(file), entry: entry.id, field: 'id', message: `duplicates the id of an entry in ${earlier}` });
        return;
      }
      fileOf.set(entry.id, rel(file));
      entries.push(entry);
    });
  }

  const byId = new Map(entries.map((e) => [e.id, e] as const));
  const fileOfEntry = (e: Entry) => fileOf.get(e.id) ?? '?';
  problems.push(...checkKnowledgeBase(entries, byId, fileOfEntry, failed));
  if (contentRules) problems.push(...checkContentRules(entries, contentRules, fileOfEntry));
  if (problems.length > 0 || !source) return { problems };
  return { kb: { dir, source, entries, byId }, problems };
}

/** Whole-base rules: every topic covered, follow-ups resolve, required entries exist, no shared question variant. */
function checkKnowledgeBase(entries: Entry[], byId: Map<string, Entry>, file: (e: Entry) => string, failed: Failed): DataProblem[] {
  const problems: DataProblem[] = [];
  /** Absent, and not because it failed validation (that is reported already). */
  const absent = (id: string) => !byId.has(id) && !failed.ids.has(id) && !failed.unknown;

  for (const topic of KNOWLEDGE_TOPICS) {
    if (!entries.some((e) => e.topic === topic) && !failed.topics.has(topic) && !failed.unknown) {
      problems.push({ file: ENTRIES_DIR, field: 'topic', message: `no entry covers the topic "${topic}"` });
    }
  }

  for (const [id, users] of requiredEntryIds()) {
    if (absent(id))
      problems.push({ file: ENTRIES_DIR, entry: id, message: `required entry "${id}" is missing; needed by ${users.join('; ')}` });
  }

  for (const e of entries) {
    for (const f of e.followups) {
      if (absent(f)) problems.push({ file: file(e), entry: e.id, field: 'followups', message: `"${f}" is not an entry id` });
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
