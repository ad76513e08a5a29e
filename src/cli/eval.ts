import { readFileSync } from 'node:fs';
import { loadBrain } from '../app';
import { DataError } from '../data/data-error';
import { type EvalReport, evaluate, type GroupScores, parseCases } from '../eval/evaluate';

const USAGE = 'usage: npm run eval -- [--json] FILE.jsonl';

const pct = (x: number) => `${(100 * x).toFixed(1)}%`.padStart(7);

function table(title: string, groups: Record<string, GroupScores>): string {
  const width = Math.max(title.length, ...Object.keys(groups).map((k) => k.length)) + 2;
  const head = `${title.padEnd(width)} cases resolved helpful   wrong    lang`;
  const rows = Object.entries(groups).map(
    ([k, g]) => `${k.padEnd(width)}${String(g.cases).padStart(5)} ${pct(g.resolved)} ${pct(g.helpful)} ${pct(g.wrong)} ${pct(g.lang_accuracy)}`,
  );
  return [head, ...rows].join('\n');
}

function printText(report: EvalReport): void {
  const out: string[] = [];
  out.push(table('slice', report.by_slice), '', table('language', report.by_lang), '', table('topic', report.by_topic), '');
  out.push(`failures (${report.failures.length}):`);
  for (const f of report.failures) {
    const got = f.kind === 'clarify' ? `clarify [${f.suggestions.join(', ')}]` : `${f.kind} ${f.topic}`;
    out.push(`  ${f.id} [${f.slice}] expected ${f.expected_topic}/${f.expected_lang}, got ${got}/${f.lang}: ${f.text}`);
    out.push(`      ${f.reason}`);
  }
  out.push('');
  out.push(
    `overall: ${report.cases} cases, resolved ${pct(report.resolved).trim()}, helpful ${pct(report.helpful).trim()}, ` +
      `wrong ${pct(report.wrong).trim()}, language ${pct(report.lang_accuracy).trim()}`,
  );
  console.log(out.join('\n'));
}

async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const files = argv.filter((a) => a !== '--json');
  if (files.length !== 1 || files[0]?.startsWith('--')) {
    console.error(USAGE);
    return 2;
  }
  const file = files[0] as string;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    console.error(`cannot read ${file}\n${USAGE}`);
    return 2;
  }
  const cases = parseCases(text, file);
  const brain = await loadBrain();
  const report = evaluate(brain.engine, cases);
  if (json) process.stdout.write(JSON.stringify(report) + '\n');
  else printText(report);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof DataError ? err.message : err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
