/**
 * npm run bench:nlu [-- FILE.jsonl] [--repeat N] [--json]
 *
 * Measures, in one run, the understanding pipeline and a naive baseline (fuse.js with default
 * options over the raw question variants, franc for the language) on the same cases: time per
 * message (p50, p99), index build time, memory, and the evaluation scores.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Fuse from 'fuse.js';
import { loadBrain } from '../src/app';
import { type EvalCase, evaluate, judge, parseCases } from '../src/eval/evaluate';
import { LANGS } from '../src/kb/schema';
import type { Decision } from '../src/nlu/understand';
import { projectRoot } from '../src/paths';

interface Figures {
  build_ms: number;
  p50_us: number;
  p99_us: number;
  heap_mb: number;
  rss_mb: number;
  resolved: number;
  helpful: number;
  wrong: number;
  lang_accuracy: number;
}

const USAGE = 'usage: npm run bench:nlu -- [FILE.jsonl] [--repeat N] [--json]';

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

function timePerMessage(cases: EvalCase[], repeat: number, run: (text: string) => unknown): { p50: number; p99: number } {
  for (const c of cases) run(c.text); // warm-up: caches and JIT, as in a running bot
  const times: number[] = [];
  for (let r = 0; r < repeat; r++) {
    for (const c of cases) {
      const start = process.hrtime.bigint();
      run(c.text);
      times.push(Number(process.hrtime.bigint() - start) / 1000);
    }
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

function memory(): { heap_mb: number; rss_mb: number } {
  global.gc?.();
  const m = process.memoryUsage();
  return { heap_mb: mb(m.heapUsed), rss_mb: mb(m.rss) };
}

async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  let repeat = 20;
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--json') continue;
    if (a === '--repeat') {
      repeat = Number(argv[++i]);
      if (!Number.isInteger(repeat) || repeat < 1) {
        console.error(USAGE);
        return 2;
      }
    } else if (a.startsWith('--')) {
      console.error(USAGE);
      return 2;
    } else positional.push(a);
  }
  const file = positional[0] ?? path.join(projectRoot(), '..', 'shared', 'eval', 'dev.jsonl');
  if (!existsSync(file)) {
    console.error(`cannot read ${file}\n${USAGE}`);
    return 2;
  }
  const cases = parseCases(readFileSync(file, 'utf8'), file);

  // Ours: the real pipeline, built from the real knowledge base.
  const before = memory();
  let start = performance.now();
  const brain = await loadBrain();
  const oursBuild = performance.now() - start;
  const oursTimes = timePerMessage(cases, repeat, (t) => brain.engine.understand(t));
  const oursMem = memory();
  const report = evaluate(brain.engine, cases);
  const ours: Figures = {
    build_ms: round(oursBuild, 1),
    p50_us: round(oursTimes.p50, 1),
    p99_us: round(oursTimes.p99, 1),
    ...oursMem,
    resolved: round(report.resolved),
    helpful: round(report.helpful),
    wrong: round(report.wrong),
    lang_accuracy: round(report.lang_accuracy),
  };

  // Naive baseline: fuse.js defaults over the raw question variants of every language; the top
  // hit is the answer; franc (French/Arabic/English) picks the language.
  const { franc } = await import('franc');
  start = performance.now();
  const items = brain.kb.entries.flatMap((e) => LANGS.flatMap((l) => e[l].questions.map((q) => ({ q, topic: e.topic, id: e.id }))));
  const fuse = new Fuse(items, { keys: ['q'], includeScore: true });
  const baselineBuild = performance.now() - start;
  const naive = (text: string): Decision => {
    const code = franc(text, { only: ['fra', 'arb', 'eng'], minLength: 1 });
    const lang = code === 'arb' ? 'ar' : code === 'eng' ? 'en' : 'fr';
    const top = fuse.search(text)[0];
    if (!top) return { lang, kind: 'none', topic: 'none', score: 0, suggestions: [], reason: 'no hit' };
    return { lang, kind: 'answer', topic: top.item.topic, entry: top.item.id, score: 1 - (top.score ?? 1), suggestions: [], reason: 'top hit' };
  };
  const baseTimes = timePerMessage(cases, repeat, naive);
  const outcomes = cases.map((c) => judge(c, naive(c.text)));
  const rate = (f: (o: (typeof outcomes)[number]) => boolean) => round(outcomes.filter(f).length / outcomes.length);
  const baseline: Figures = {
    build_ms: round(baselineBuild, 1),
    p50_us: round(baseTimes.p50, 1),
    p99_us: round(baseTimes.p99, 1),
    ...memory(),
    resolved: rate((o) => o.resolved),
    helpful: rate((o) => o.helpful),
    wrong: rate((o) => o.wrong),
    lang_accuracy: rate((o) => o.langOk),
  };

  // Three significant digits: the pipeline is several hundred times faster, two decimals would say 0.
  const significant = (x: number) => Number(x.toPrecision(3));
  const ratio = {
    p50: significant(ours.p50_us / Math.max(baseline.p50_us, 0.001)),
    p99: significant(ours.p99_us / Math.max(baseline.p99_us, 0.001)),
  };
  const result = { cases: cases.length, repeat, messages_timed: cases.length * repeat, ours, baseline, ratio, memory_before: before };
  if (json) {
    process.stdout.write(JSON.stringify(result) + '\n');
    return 0;
  }
  const rows: Array<[string, keyof Figures, string]> = [
    ['index build', 'build_ms', 'ms'],
    ['time per message p50', 'p50_us', 'µs'],
    ['time per message p99', 'p99_us', 'µs'],
    ['heap used', 'heap_mb', 'MB'],
    ['process RSS', 'rss_mb', 'MB'],
    ['resolved', 'resolved', ''],
    ['helpful', 'helpful', ''],
    ['wrong', 'wrong', ''],
    ['language accuracy', 'lang_accuracy', ''],
  ];
  console.log(`${cases.length} cases from ${path.basename(file)}, timed ${repeat} times each (${cases.length * repeat} messages)\n`);
  console.log(`${'figure'.padEnd(24)}${'pipeline'.padStart(12)}${'naive fuse'.padStart(12)}`);
  for (const [label, key, unit] of rows) {
    console.log(`${label.padEnd(24)}${String(ours[key]).padStart(12)}${String(baseline[key]).padStart(12)}  ${unit}`);
  }
  console.log(
    `\nratio pipeline / naive: p50 ${ratio.p50}x, p99 ${ratio.p99}x (${Math.round(1 / ratio.p50)} and ${Math.round(1 / ratio.p99)} times faster; memory is the same process: the baseline's figure includes the pipeline's)`,
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
