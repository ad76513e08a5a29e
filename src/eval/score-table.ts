import type { GroupScores } from './evaluate';

/** A rate as a right-aligned percentage ("  95.8%"). */
export const pct = (x: number): string => `${(100 * x).toFixed(1)}%`.padStart(7);

/** The scores of named groups (slices, languages, topics, folds) as a plain-text table. */
export function scoreTable(title: string, groups: Record<string, GroupScores>): string {
  const width = Math.max(title.length, ...Object.keys(groups).map((name) => name.length)) + 2;
  const head = `${title.padEnd(width)} cases resolved helpful   wrong    lang`;
  const rows = Object.entries(groups).map(
    ([name, g]) =>
      `${name.padEnd(width)}${String(g.cases).padStart(5)} ${pct(g.resolved)} ${pct(g.helpful)} ${pct(g.wrong)} ${pct(g.lang_accuracy)}`,
  );
  return [head, ...rows].join('\n');
}
