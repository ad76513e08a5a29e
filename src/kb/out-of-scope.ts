import path from 'node:path';
import { z } from 'zod';
import { DataError, zodProblems } from '../data/data-error';
import { readDataFile } from '../data/read-yaml';

export const OUT_OF_SCOPE_FILE = 'out-of-scope.yaml';

export const OutOfScopeSubjectSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens'),
    about: z.string().trim().min(1),
    keywords: z.array(z.union([z.string(), z.number()]).transform(String).pipe(z.string().trim().min(1))).min(2),
  })
  .strict();
export type OutOfScopeSubject = z.infer<typeof OutOfScopeSubjectSchema>;

/** Subjects the bot must decline rather than answer with the nearest knowledge entry. */
export function loadOutOfScope(knowledgeDir: string): OutOfScopeSubject[] {
  const file = path.join(knowledgeDir, OUT_OF_SCOPE_FILE);
  const display = path.relative(process.cwd(), file) || file;
  const raw = readDataFile(file, display);
  const parsed = z.array(OutOfScopeSubjectSchema).safeParse(raw);
  if (!parsed.success) {
    const list = Array.isArray(raw) ? raw : [];
    const idAt = (i: number) => {
      const item: unknown = list[i];
      return item && typeof item === 'object' && 'id' in item ? String((item as { id: unknown }).id) : undefined;
    };
    throw new DataError(zodProblems(display, parsed.error.issues, idAt));
  }
  return parsed.data;
}
