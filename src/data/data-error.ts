import type { z } from 'zod';

/** One problem in a data file, located as precisely as we can: file, entry, field. */
export interface DataProblem {
  file: string;
  entry?: string;
  field?: string;
  message: string;
}

export function formatProblem(p: DataProblem): string {
  const where = [p.file, p.entry ? `entry "${p.entry}"` : undefined, p.field ? `field "${p.field}"` : undefined]
    .filter(Boolean)
    .join(', ');
  return `${where}: ${p.message}`;
}

/** Thrown at start-up when a knowledge, lexicon, locale or configuration file is invalid. */
export class DataError extends Error {
  constructor(readonly problems: DataProblem[]) {
    super(`${problems.length} problem(s) in data files:\n` + problems.map((p) => '  - ' + formatProblem(p)).join('\n'));
    this.name = 'DataError';
  }
}

/** Turns zod issues into problems; `entryName` names the list item at the start of a path. */
export function zodProblems(
  file: string,
  issues: z.core.$ZodIssue[],
  entryName?: (index: number) => string | undefined,
): DataProblem[] {
  return issues.map((issue) => {
    const path = [...issue.path];
    let entry: string | undefined;
    if (entryName && typeof path[0] === 'number') {
      const index = path.shift() as number;
      entry = entryName(index) ?? `#${index + 1}`;
    }
    const field = path.length > 0 ? path.map(String).join('.') : undefined;
    return { file, entry, field, message: issue.message };
  });
}
