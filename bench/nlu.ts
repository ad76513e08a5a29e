/**
 * npm run bench:nlu [-- FILE.jsonl] [--passes N] [--worst N] [--no-baseline] [--json]
 *
 * What one message costs the understanding pipeline, measured so that the figures hold for a
 * running bot, and the same for a fair baseline:
 *
 * - runtime: the script runs itself again under the node options of package.json's start script
 *   (bench/node-options.ts, the same ones bench/http.ts gives the bot and the echo bot), so the
 *   garbage collector and heap are the bot's; both systems are timed in that one process;
 * - warm-up: every freshly built system is first given messages as a running bot's engine has
 *   been (its JIT compiled for them): the knowledge base's own question variants, each with a fresh
 *   random typo, never a message of FILE (1,000 for the pipeline; 300 for the baseline, whose every
 *   message already runs its loops over all the variants); their garbage is collected before timing;
 * - first sight: every timed message is new to the engine. Each pass builds a fresh engine (so
 *   nothing learnt from one pass's texts can help the next), warms it up as above, and gives every
 *   message of FILE one fresh random typo (so no text is ever timed twice);
 * - repeated: the same messages asked again of a warmed-up engine that has already seen them;
 * - baseline: fuse.js over the same question variants (ignoreLocation, includeScore), answering the
 *   top hit's topic when its score is under a threshold tuned on the k-fold split of the knowledge
 *   base (src/eval/kfold.ts), never on FILE; timed the same way, in the same process;
 * - worst case: random 1,000-character messages (one random word, 30 random 32-letter words, 100
 *   random 9-letter words, Arabic random letters), max and p99;
 * - engine build time and heap;
 * - the machine's load average before and after, flagged busy above its number of cores (the
 *   wall-clock tails then measure the other processes as much as the pipeline).
 * Quality (resolved, helpful, wrong, language) is scored with the evaluation's rules on FILE as written.
 * Default FILE: examples/eval/messages.jsonl.
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import Fuse, { type IFuseOptions } from 'fuse.js';
import { type EvalCase, evaluate, judge, parseCases } from '../src/eval/evaluate';
import { loadEngineParts, randomSource, splitFolds, withTypo } from '../src/eval/kfold';
import type { KnowledgeBase } from '../src/kb/load';
import { LANGS } from '../src/kb/schema';
import { createEngine, type Decision, type EngineParts, MAX_MATCH_CHARS } from '../src/nlu/understand';
import { projectRoot } from '../src/paths';
import { rerunWithStartOptions } from './node-options';

const USAGE = 'usage: npm run bench:nlu -- [FILE.jsonl] [--passes N] [--worst N] [--no-baseline] [--json]';

// ---------------------------------------------------------------------------------------------
// Measuring

function pick<T>(items: readonly T[], random: () => number): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/** Wall-clock time per message, and the process's CPU time (on a loaded machine the wall clock includes waiting for a core). */
interface Timing {
  messages: number;
  p50_us: number;
  p99_us: number;
  max_us: number;
  cpu_p50_us: number;
  cpu_p99_us: number;
}

interface Sample {
  wall: number;
  cpu: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

function summary(samples: Sample[]): Timing {
  const wall = samples.map((s) => s.wall).sort((a, b) => a - b);
  const cpu = samples.map((s) => s.cpu).sort((a, b) => a - b);
  return {
    messages: wall.length,
    p50_us: round(percentile(wall, 50), 1),
    p99_us: round(percentile(wall, 99), 1),
    max_us: round(wall[wall.length - 1] ?? 0, 1),
    cpu_p50_us: round(percentile(cpu, 50), 1),
    cpu_p99_us: round(percentile(cpu, 99), 1),
  };
}

function timeOne(run: () => unknown): Sample {
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  run();
  const wall = Number(process.hrtime.bigint() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  return { wall, cpu: cpu.user + cpu.system };
}

/** A garbage collection, when the runtime lets us ask for one (same in every measurement). */
const collectGarbage: () => void = (() => {
  v8.setFlagsFromString('--expose-gc');
  const gc: unknown = runInNewContext('gc');
  return typeof gc === 'function' ? () => (gc as () => void)() : () => undefined;
})();

function heapMb(): number {
  collectGarbage();
  return round(process.memoryUsage().heapUsed / 1024 / 1024, 1);
}

// ---------------------------------------------------------------------------------------------
// The two systems compared

interface System {
  name: string;
  /** Builds the system from scratch (what a start-up costs). */
  build(): (text: string) => Decision;
  /** How many warm-up messages each freshly built system gets before it is timed (`warmUp`). */
  warmUpMessages: number;
}

/**
 * A running bot's engine has answered thousands of messages: its functions are compiled for them.
 * The engine's functions are closures made by createEngine, so a fresh engine starts cold again;
 * 1,000 warm-up messages bring it to the steady state.
 */
const PIPELINE_WARM_UP = 1000;
/** A baseline message runs fuse.js's loops over every variant (~0.1 s of CPU): its code is warm after a few; 300 as before. */
const BASELINE_WARM_UP = 300;

function pipeline(parts: EngineParts): System {
  return {
    name: 'pipeline',
    warmUpMessages: PIPELINE_WARM_UP,
    build: () => {
      const engine = createEngine(parts);
      return (text) => engine.understand(text, {});
    },
  };
}

interface Variant {
  q: string;
  topic: string;
  id: string;
}

const variantsOf = (kb: KnowledgeBase): Variant[] =>
  kb.entries.flatMap((e) => LANGS.flatMap((l) => e[l].questions.map((q) => ({ q, topic: e.topic, id: e.id }))));
/** threshold 1: fuse.js returns its best hit whatever its score, and the tuned threshold decides (fuse's default, 0.6, would cap it). */
const FUSE_OPTIONS: IFuseOptions<Variant> = { keys: ['q'], includeScore: true, ignoreLocation: true, threshold: 1 };

/** The baseline's decision: the top hit's topic when its score is at most `threshold`; franc for the language. */
function fuseDecider(variants: Variant[], threshold: number, franc: (text: string) => string): (text: string) => Decision {
  const fuse = new Fuse(variants, FUSE_OPTIONS);
  return (input) => {
    const text = input.slice(0, MAX_MATCH_CHARS);
    const code = franc(text);
    const lang = code === 'arb' ? 'ar' : code === 'eng' ? 'en' : 'fr';
    const top = fuse.search(text)[0];
    const score = top?.score ?? 1;
    if (!top || score > threshold)
      return { lang, kind: 'none', topic: 'none', score: 0, suggestions: [], reason: 'no hit under the threshold' };
    return { lang, kind: 'answer', topic: top.item.topic, entry: top.item.id, score: 1 - score, suggestions: [], reason: 'top hit' };
  };
}

/** The baseline is tuned on every TUNING_SAMPLE-th held-out question: fuse.js takes ~0.1 s of CPU a question. */
const TUNING_SAMPLE = 4;

/**
 * The baseline's threshold, tuned on the k-fold split of the knowledge base (never on the timed
 * file): the one of 0.05, 0.10, ... 0.95 that maximises resolved − 2 × wrong over the held-out
 * questions (a wrong answer costs twice a missed one).
 */
function tuneFuseThreshold(kb: KnowledgeBase): { threshold: number; resolved: number; wrong: number; questions: number } {
  const hits: Array<{ score: number; right: boolean }> = [];
  for (const fold of splitFolds(kb, 5)) {
    const fuse = new Fuse(variantsOf(fold.kb), FUSE_OPTIONS);
    for (const { case: c } of fold.heldOut.filter((_, i) => i % TUNING_SAMPLE === 0)) {
      const top = fuse.search(c.text)[0];
      hits.push({ score: top?.score ?? 1, right: top?.item.topic === c.topic });
    }
  }
  let best = { threshold: 0, resolved: 0, wrong: 0, utility: -Infinity };
  for (let step = 1; step <= 19; step++) {
    const threshold = step / 20;
    const answered = hits.filter((h) => h.score <= threshold);
    const resolved = answered.filter((h) => h.right).length / hits.length;
    const wrong = answered.filter((h) => !h.right).length / hits.length;
    if (resolved - 2 * wrong > best.utility) best = { threshold, resolved, wrong, utility: resolved - 2 * wrong };
  }
  return { threshold: best.threshold, resolved: round(best.resolved), wrong: round(best.wrong), questions: hits.length };
}

// ---------------------------------------------------------------------------------------------
// The measurements

/**
 * Warms up a freshly built system's JIT as a running bot's would be: `system.warmUpMessages` of the
 * knowledge base's own question variants, each with a fresh random typo (never a message of the
 * timed file), with their garbage collected before timing.
 */
function warmUp(system: System, ask: (text: string) => Decision, kb: KnowledgeBase, random: () => number): void {
  const variants = variantsOf(kb);
  for (let i = 0; i < system.warmUpMessages; i++) ask(withTypo(pick(variants, random).q, random));
  // The build's and the warm-up's garbage is collected before timing: a bot builds its engine once, at start-up.
  collectGarbage();
}

function firstSight(system: System, cases: EvalCase[], passes: number, kb: KnowledgeBase, seed: number): Timing {
  const random = randomSource(seed);
  const times: Sample[] = [];
  for (let pass = 0; pass < passes; pass++) {
    // A fresh engine each pass: nothing it learnt from a timed text can help the next pass.
    const ask = system.build();
    warmUp(system, ask, kb, random);
    for (const c of cases) {
      const text = withTypo(c.text, random);
      times.push(timeOne(() => ask(text)));
    }
  }
  return summary(times);
}

function repeated(system: System, cases: EvalCase[], passes: number, kb: KnowledgeBase, seed: number): Timing {
  const ask = system.build();
  warmUp(system, ask, kb, randomSource(seed));
  for (const c of cases) ask(c.text);
  collectGarbage();
  const times: Sample[] = [];
  for (let pass = 0; pass < passes; pass++) for (const c of cases) times.push(timeOne(() => ask(c.text)));
  return summary(times);
}

const LATIN = 'abcdefghijklmnopqrstuvwxyz';
const ARABIC = 'ابتثجحخدذرزسشصضطظعغفقكلمنهوي';

/** Random 1,000-character messages of the costliest kinds. */
const WORST_KINDS: Record<string, (random: () => number) => string> = {
  'one random 1000-letter word': (random) => randomWord(1000, LATIN, random),
  '30 random 32-letter words': (random) => words(30, 32, LATIN, random),
  '100 random 9-letter words': (random) => words(100, 9, LATIN, random),
  'Arabic random letters, 100 words of 9': (random) => words(100, 9, ARABIC, random),
  '142 random 6-letter words': (random) => words(142, 6, LATIN, random),
};

function randomWord(length: number, alphabet: string, random: () => number): string {
  let word = '';
  for (let i = 0; i < length; i++) word += alphabet.charAt(Math.floor(random() * alphabet.length));
  return word;
}

function words(count: number, length: number, alphabet: string, random: () => number): string {
  return Array.from({ length: count }, () => randomWord(length, alphabet, random))
    .join(' ')
    .slice(0, 1000);
}

function worstCase(system: System, kb: KnowledgeBase, perKind: number, seed: number): Record<string, Timing> & { all: Timing } {
  const random = randomSource(seed);
  const ask = system.build();
  warmUp(system, ask, kb, random);
  const byKind: Record<string, Timing> = {};
  const all: Sample[] = [];
  for (const [kind, make] of Object.entries(WORST_KINDS)) {
    const times: Sample[] = [];
    for (let i = 0; i < perKind; i++) {
      const text = make(random);
      times.push(timeOne(() => ask(text)));
    }
    all.push(...times);
    byKind[kind] = summary(times);
  }
  return { ...byKind, all: summary(all) };
}

function quality(cases: EvalCase[], ask: (text: string) => Decision) {
  const outcomes = cases.map((c) => judge(c, ask(c.text)));
  const rate = (f: (o: (typeof outcomes)[number]) => boolean) => round(outcomes.filter(f).length / Math.max(1, outcomes.length));
  return {
    resolved: rate((o) => o.resolved),
    helpful: rate((o) => o.helpful),
    wrong: rate((o) => o.wrong),
    lang_accuracy: rate((o) => o.langOk),
  };
}

// ---------------------------------------------------------------------------------------------

/** The fuse.js baseline's figures: threshold tuned on the k-fold split, then measured like the pipeline. */
function measureBaseline(parts: EngineParts, cases: EvalCase[], detect: (text: string) => string) {
  const tuned = progress('baseline threshold on the k-fold split', () => tuneFuseThreshold(parts.kb));
  const baseline: System = {
    name: 'fuse.js baseline',
    warmUpMessages: BASELINE_WARM_UP,
    build: () => fuseDecider(variantsOf(parts.kb), tuned.threshold, detect),
  };
  const heapBefore = heapMb();
  const start = performance.now();
  const ask = baseline.build();
  const buildMs = performance.now() - start;
  const heap = round(heapMb() - heapBefore, 1);
  return {
    threshold: tuned.threshold,
    kfold_at_threshold: { questions: tuned.questions, resolved: tuned.resolved, wrong: tuned.wrong },
    build_ms: round(buildMs, 1),
    heap_mb: heap,
    // One pass each: the baseline has no cache, and costs ~0.1 s of CPU a message.
    first_sight: progress('baseline first sight', () => firstSight(baseline, cases, 1, parts.kb, 1)),
    repeated: progress('baseline repeated', () => repeated(baseline, cases, 1, parts.kb, 2)),
    worst_1000_chars: progress('baseline worst case', () => worstCase(baseline, parts.kb, 2, 3)),
    ...progress('baseline quality', () => quality(cases, ask)),
  };
}

/**
 * The machine's 1-minute load average before and after the run, against its cores: on a machine
 * busier than its cores the process waits for a core in the middle of messages, and the wall-clock
 * tails (p99, max) say more about the other processes than about the pipeline.
 */
function machineLoad(before: number): { cores: number; load_before: number; load_after: number; busy: boolean } {
  const cores = os.availableParallelism();
  const after = os.loadavg()[0] ?? 0;
  return { cores, load_before: round(before, 2), load_after: round(after, 2), busy: Math.max(before, after) > cores };
}

/** Runs one step, saying on stderr what runs (the whole bench takes minutes). */
function progress<T>(what: string, step: () => T): T {
  const start = performance.now();
  process.stderr.write(`${what}...`);
  const value = step();
  process.stderr.write(` ${((performance.now() - start) / 1000).toFixed(1)} s\n`);
  return value;
}

function parseArgs(argv: string[]): { file: string; passes: number; worst: number; json: boolean; baseline: boolean } | undefined {
  let passes = 5;
  let worst = 40;
  let json = false;
  let baseline = true;
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--json') json = true;
    else if (a === '--no-baseline') baseline = false;
    else if (a === '--passes' || a === '--worst') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1) return undefined;
      if (a === '--passes') passes = n;
      else worst = n;
    } else if (a.startsWith('--')) return undefined;
    else positional.push(a);
  }
  if (positional.length > 1) return undefined;
  const file = positional[0] ?? path.join(projectRoot(), 'examples', 'eval', 'messages.jsonl');
  return { file, passes, worst, json, baseline };
}

async function main(argv: string[]): Promise<number> {
  // Timed under the bot's node options (garbage collector, heap): both systems, in this one process.
  const rerun = rerunWithStartOptions(projectRoot());
  if (rerun !== undefined) return rerun;
  const args = parseArgs(argv);
  if (!args) {
    console.error(USAGE);
    return 2;
  }
  if (!existsSync(args.file)) {
    console.error(`cannot read ${args.file}\n${USAGE}`);
    return 2;
  }
  const cases = parseCases(readFileSync(args.file, 'utf8'), args.file);
  const loadBefore = os.loadavg()[0] ?? 0;
  const root = projectRoot();
  const parts = await loadEngineParts(path.join(root, 'knowledge'), path.join(root, 'locales'));
  const { franc } = await import('franc');
  const detect = (text: string) => franc(text, { only: ['fra', 'arb', 'eng'], minLength: 1 });

  // Build cost and heap of each system (the heap figure: heap after building minus before).
  const heapBefore = heapMb();
  const start = performance.now();
  const engine = createEngine(parts);
  const pipelineBuildMs = performance.now() - start;
  const pipelineHeapMb = round(heapMb() - heapBefore, 1);

  const ours = pipeline(parts);
  const report = evaluate(engine, cases);
  const pipelineFigures = {
    build_ms: round(pipelineBuildMs, 1),
    heap_mb: pipelineHeapMb,
    vocabulary: engine.index.vocabularySize,
    first_sight: progress('pipeline first sight', () => firstSight(ours, cases, args.passes, parts.kb, 1)),
    repeated: progress('pipeline repeated', () => repeated(ours, cases, args.passes, parts.kb, 2)),
    worst_1000_chars: progress('pipeline worst case', () => worstCase(ours, parts.kb, args.worst, 3)),
    resolved: round(report.resolved),
    helpful: round(report.helpful),
    wrong: round(report.wrong),
    lang_accuracy: round(report.lang_accuracy),
  };
  const baselineFigures = args.baseline ? measureBaseline(parts, cases, detect) : undefined;
  const result = {
    file: path.basename(args.file),
    cases: cases.length,
    passes: args.passes,
    node: process.version,
    machine: machineLoad(loadBefore),
    pipeline: pipelineFigures,
    baseline: baselineFigures,
  };
  if (args.json) {
    process.stdout.write(JSON.stringify(result) + '\n');
    return 0;
  }
  const p = result.pipeline;
  const b = result.baseline;
  const ms = (us: number | undefined) => (us === undefined ? '-' : `${(us / 1000).toFixed(3)} ms`);
  const row = (label: string, left: string | number, right: string | number) =>
    console.log(`${label.padEnd(34)}${String(left).padStart(16)}${String(right).padStart(20)}`);
  console.log(`${result.cases} cases from ${result.file}; ${result.passes} passes; node ${result.node}`);
  const m = result.machine;
  console.log(
    `load average ${m.load_before} before, ${m.load_after} after, ${m.cores} cores${m.busy ? ': BUSY, the wall-clock tails (p99, max) measure the other processes too' : ''}\n`,
  );
  row('', 'pipeline', 'fuse.js baseline');
  row('first sight p50', ms(p.first_sight.p50_us), ms(b?.first_sight.p50_us));
  row('first sight p99', ms(p.first_sight.p99_us), ms(b?.first_sight.p99_us));
  row('first sight CPU p50', ms(p.first_sight.cpu_p50_us), ms(b?.first_sight.cpu_p50_us));
  row('first sight CPU p99', ms(p.first_sight.cpu_p99_us), ms(b?.first_sight.cpu_p99_us));
  row('repeated p50', ms(p.repeated.p50_us), ms(b?.repeated.p50_us));
  row('repeated p99', ms(p.repeated.p99_us), ms(b?.repeated.p99_us));
  row('worst 1,000 chars p99', ms(p.worst_1000_chars.all.p99_us), ms(b?.worst_1000_chars.all.p99_us));
  row('worst 1,000 chars max', ms(p.worst_1000_chars.all.max_us), ms(b?.worst_1000_chars.all.max_us));
  row('worst 1,000 chars CPU p99', ms(p.worst_1000_chars.all.cpu_p99_us), ms(b?.worst_1000_chars.all.cpu_p99_us));
  row('build', `${p.build_ms} ms`, b ? `${b.build_ms} ms` : '-');
  row('heap of the built system', `${p.heap_mb} MB`, b ? `${b.heap_mb} MB` : '-');
  row('resolved', p.resolved, b?.resolved ?? '-');
  row('helpful', p.helpful, b?.helpful ?? '-');
  row('wrong', p.wrong, b?.wrong ?? '-');
  row('language accuracy', p.lang_accuracy, b?.lang_accuracy ?? '-');
  if (b) {
    console.log(
      `\nbaseline threshold ${b.threshold} (tuned on ${b.kfold_at_threshold.questions} held-out questions of the k-fold split: ` +
        `resolved ${b.kfold_at_threshold.resolved}, wrong ${b.kfold_at_threshold.wrong}); baseline timed over 1 pass, worst case over 2 messages per kind`,
    );
  }
  console.log(`worst case, pipeline (${args.worst} random messages per kind):`);
  for (const [kind, t] of Object.entries(p.worst_1000_chars)) {
    if (kind !== 'all') console.log(`  ${kind.padEnd(40)} p99 ${ms(t.p99_us)}  max ${ms(t.max_us)}`);
  }
  return 0;
}

// exitCode, not exit(): a piped --json report is written asynchronously and must not be cut short.
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);
