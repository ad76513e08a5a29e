import type { z } from 'zod';

/** One non-empty line of a JSON-lines file, parsed, with its line number in the file (1-based). */
export interface JsonLine {
  n: number;
  value: unknown;
}

/** A line of an evaluation file that is not what it should be: "file:line: what is wrong". */
export class EvalFileError extends Error {}

/** Parses a JSON-lines file; blank lines and lines starting with "//" are skipped; a line that is not JSON names its number. */
export function readJsonLines(text: string, file: string): JsonLine[] {
  const lines: JsonLine[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line.length === 0 || line.startsWith('//')) return;
    try {
      lines.push({ n: i + 1, value: JSON.parse(line) as unknown });
    } catch {
      throw new EvalFileError(`${file}:${i + 1}: not valid JSON`);
    }
  });
  return lines;
}

/** Checks one line against a schema; the first problem names the line and the field. */
export function parseLine<S extends z.ZodType>(schema: S, line: JsonLine, file: string): z.output<S> {
  const parsed = schema.safeParse(line.value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || '(line)';
  throw new EvalFileError(`${file}:${line.n}: field "${field}" ${issue?.message ?? 'is invalid'}`);
}
