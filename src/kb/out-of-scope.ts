import path from 'node:path';
import { z } from 'zod';
import { DataError, type DataProblem, itemNamer, zodProblems } from '../data/data-error';
import { readDataFile } from '../data/read-yaml';
import { MAX_ANSWER_CHARS } from './schema';

export const OUT_OF_SCOPE_FILE = 'out-of-scope.yaml';

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const text = z.union([z.string(), z.number()]).transform(String).pipe(z.string().trim().min(1, 'must not be empty'));
const reply = text.pipe(z.string().max(MAX_ANSWER_CHARS, `must fit a phone screen (at most ${MAX_ANSWER_CHARS} characters)`));

export const OutOfScopeReplySchema = z.object({ fr: reply, ar: reply, en: reply }).strict();

export const OutOfScopeSubjectSchema = z
  .object({
    id: z.string().regex(ID, 'must be lower-case words joined by hyphens'),
    about: text,
    /** Words and phrases that name the subject, any language and spelling. */
    keywords: z.array(text).min(2, 'needs at least 2 keywords'),
    /** How people bring the subject up, in their own words. */
    situations: z.array(text).default([]),
    /** What the bot says: what it cannot do, and what it can where that is true. */
    reply: OutOfScopeReplySchema,
    /** Knowledge entries worth offering next. */
    pointTo: z.array(z.string().regex(ID, 'must be an entry id')).max(4, 'at most 4 entries fit as buttons').default([]),
  })
  .strict();
export type OutOfScopeSubject = z.infer<typeof OutOfScopeSubjectSchema>;

/**
 * Subjects the bot must decline, with its honest reply, rather than answer with the nearest
 * knowledge entry. With `entryIds`, every `pointTo` must name one of them. Throws DataError naming
 * file, subject and field.
 */
export function loadOutOfScope(knowledgeDir: string, entryIds?: ReadonlySet<string>): OutOfScopeSubject[] {
  const file = path.join(knowledgeDir, OUT_OF_SCOPE_FILE);
  const display = path.relative(process.cwd(), file) || file;
  const raw = readDataFile(file, display);
  const parsed = z.array(OutOfScopeSubjectSchema).min(1, 'lists at least one subject').safeParse(raw);
  if (!parsed.success) {
    throw new DataError(zodProblems(display, parsed.error.issues, itemNamer(raw)));
  }
  const problems: DataProblem[] = [];
  const seen = new Set<string>();
  for (const subject of parsed.data) {
    if (seen.has(subject.id)) problems.push({ file: display, entry: subject.id, field: 'id', message: 'is defined twice' });
    seen.add(subject.id);
    subject.pointTo.forEach((id, i) => {
      if (entryIds && !entryIds.has(id)) {
        problems.push({ file: display, entry: subject.id, field: `pointTo.${i}`, message: `"${id}" is not a knowledge entry id` });
      }
    });
  }
  if (problems.length > 0) throw new DataError(problems);
  return parsed.data;
}
