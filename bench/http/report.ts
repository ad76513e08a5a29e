/** The benchmark's figures: side-by-side table, targets from the issue, and the one-line JSON summary. */
import type { OutputTally } from './children';
import { type AttackFigures, errorCount, type LoadFigures, median, type ReplyCheck } from './load';
import type { BenchOptions } from './options';

/** Everything measured for one server. */
export interface ServerFigures {
  /** All rounds together: throughput over all of them, median latencies, summed errors. */
  load: LoadFigures;
  /** Each round's figures, in order. */
  rounds: LoadFigures[];
  /** The novel load (first-sight messages): all rounds together, and each round. */
  novel: LoadFigures;
  novelRounds: LoadFigures[];
  peak_rss_mb: number;
  idle_rss_mb: number;
  cold_start_ms: number;
  check: ReplyCheck;
  output: OutputTally;
}

/** The bot under the hostile scenario: normal users' rounds without and with the attacker. */
export interface HostileFigures {
  calm: LoadFigures[];
  attacked: LoadFigures[];
  attacks: AttackFigures[];
  ratePerMinute: number;
}

export interface RunContext {
  options: BenchOptions;
  questions: number;
  node: string;
  cpus: number;
  /** 1-minute load average before the run: other work on the machine skews the figures. */
  loadBefore: number;
}

export interface Summary {
  bot: { rps: number; p50_ms: number; p99_ms: number; peak_rss_mb: number };
  echo: { rps: number; p50_ms: number; p99_ms: number; peak_rss_mb: number };
  ratio: { throughput: number; p99: number };
  errors: number;
  cold_start_ms: number;
  /** The bot under the novel load (every message first seen). */
  novel: { rps: number; p50_ms: number; p99_ms: number };
  ratio_novel: { throughput: number; p99: number };
  /** Normal users' p99 while one client sends worst-case messages at the web chat's rate limit, and its ratio to the p99 without attack. */
  hostile: { p99_ms: number; p99_ratio: number };
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
const ratioOf = (a: number, b: number) => (b > 0 ? a / b : Number.POSITIVE_INFINITY);

function side(f: ServerFigures): Summary['bot'] {
  return {
    rps: round(f.load.rps, 1),
    p50_ms: round(f.load.p50_ms, 2),
    p99_ms: round(f.load.p99_ms, 2),
    peak_rss_mb: round(f.peak_rss_mb, 1),
  };
}

/** Each round's ratio a / b of a figure (paired rounds). */
function pairedRatios(a: LoadFigures[], b: LoadFigures[], figure: (f: LoadFigures) => number): number[] {
  return a.map((x, i) => {
    const y = b[i];
    return y ? ratioOf(figure(x), figure(y)) : Number.NaN;
  });
}

/** Each round's ratio bot / echo of a figure. */
export function roundRatios(bot: ServerFigures, echo: ServerFigures, figure: (f: LoadFigures) => number): number[] {
  return pairedRatios(bot.rounds, echo.rounds, figure);
}

/** Each novel round's ratio bot / echo of a figure. */
export function novelRatios(bot: ServerFigures, echo: ServerFigures, figure: (f: LoadFigures) => number): number[] {
  return pairedRatios(bot.novelRounds, echo.novelRounds, figure);
}

/** Each hostile round's ratio of normal users' figure under attack / without. */
export function hostileRatios(hostile: HostileFigures, figure: (f: LoadFigures) => number): number[] {
  return pairedRatios(hostile.attacked, hostile.calm, figure);
}

/** The JSON summary; ratios are bot / echo (median over the paired rounds); errors and cold start are the bot's. */
export function summarize(bot: ServerFigures, echo: ServerFigures, hostile: HostileFigures): Summary {
  const attacked = combineLatency(hostile.attacked);
  return {
    bot: side(bot),
    echo: side(echo),
    ratio: {
      throughput: round(median(roundRatios(bot, echo, (f) => f.rps)), 3),
      p99: round(median(roundRatios(bot, echo, (f) => f.p99_ms)), 3),
    },
    errors:
      errorCount(bot.load) +
      errorCount(bot.novel) +
      hostile.calm.reduce((n, f) => n + errorCount(f), 0) +
      hostile.attacked.reduce((n, f) => n + errorCount(f), 0),
    cold_start_ms: Math.round(bot.cold_start_ms),
    novel: { rps: round(bot.novel.rps, 1), p50_ms: round(bot.novel.p50_ms, 2), p99_ms: round(bot.novel.p99_ms, 2) },
    ratio_novel: {
      throughput: round(median(novelRatios(bot, echo, (f) => f.rps)), 3),
      p99: round(median(novelRatios(bot, echo, (f) => f.p99_ms)), 3),
    },
    hostile: { p99_ms: round(attacked, 2), p99_ratio: round(median(hostileRatios(hostile, (f) => f.p99_ms)), 3) },
  };
}

/** The median p99 of some rounds. */
function combineLatency(rounds: LoadFigures[]): number {
  return rounds.length > 0 ? median(rounds.map((r) => r.p99_ms)) : Number.NaN;
}

interface Target {
  name: string;
  value: string;
  met: boolean;
}

/** The targets of the issue, for reference (reported, never asserted). */
export function targets(summary: Summary, bot: ServerFigures): Target[] {
  return [
    {
      name: "throughput >= 0.7x echo (today's load)",
      value: `${summary.ratio.throughput.toFixed(2)}x`,
      met: summary.ratio.throughput >= 0.7,
    },
    { name: "p99 <= 2x echo (today's load)", value: `${summary.ratio.p99.toFixed(2)}x`, met: summary.ratio.p99 <= 2 },
    {
      name: 'novel throughput >= 0.6x echo',
      value: `${summary.ratio_novel.throughput.toFixed(2)}x`,
      met: summary.ratio_novel.throughput >= 0.6,
    },
    { name: 'novel p99 <= 2x echo', value: `${summary.ratio_novel.p99.toFixed(2)}x`, met: summary.ratio_novel.p99 <= 2 },
    {
      name: "hostile: users' p99 <= 1.5x without attack",
      value: `${summary.hostile.p99_ratio.toFixed(2)}x`,
      met: summary.hostile.p99_ratio <= 1.5,
    },
    { name: 'zero errors', value: String(summary.errors), met: summary.errors === 0 },
    { name: 'peak RSS <= 250 MB', value: `${bot.peak_rss_mb.toFixed(1)} MB`, met: bot.peak_rss_mb <= 250 },
    { name: 'cold start <= 2 s', value: `${Math.round(bot.cold_start_ms)} ms`, met: bot.cold_start_ms <= 2000 },
  ];
}

type Row = [label: string, bot: string, echo: string, ratio: string];

const num = (x: number, digits = 0) => x.toFixed(digits);
const ratioText = (a: number, b: number) => num(ratioOf(a, b), 2);

function hostileRows(hostile: HostileFigures): Row[] {
  const calm = hostile.calm;
  const attacked = hostile.attacked;
  const medianOf = (rounds: LoadFigures[], figure: (f: LoadFigures) => number) => num(median(rounds.map(figure)), 1);
  const medianRatio = (figure: (f: LoadFigures) => number) => num(median(hostileRatios(hostile, figure)), 2);
  const sent = hostile.attacks.reduce((n, a) => n + a.sent, 0);
  const codes: Record<string, number> = {};
  for (const a of hostile.attacks) for (const [c, n] of Object.entries(a.statusCodes)) codes[c] = (codes[c] ?? 0) + n;
  return [
    ['hostile: normal users (novel load)', 'attack', 'no attack', 'ratio'],
    ['  throughput (requests/s)', medianOf(attacked, (f) => f.rps), medianOf(calm, (f) => f.rps), medianRatio((f) => f.rps)],
    ['  latency p50 (ms)', medianOf(attacked, (f) => f.p50_ms), medianOf(calm, (f) => f.p50_ms), medianRatio((f) => f.p50_ms)],
    ['  latency p99 (ms)', medianOf(attacked, (f) => f.p99_ms), medianOf(calm, (f) => f.p99_ms), medianRatio((f) => f.p99_ms)],
    [
      `  attacker: web chat requests (${hostile.ratePerMinute}/min)`,
      `${sent} (${Object.entries(codes)
        .map(([c, n]) => `${c} x ${n}`)
        .join(', ')})`,
      '',
      '',
    ],
  ];
}

function novelRows(bot: ServerFigures, echo: ServerFigures): Row[] {
  const b = bot.novel;
  const e = echo.novel;
  const medianRatio = (figure: (f: LoadFigures) => number) => num(median(novelRatios(bot, echo, figure)), 2);
  return [
    ['novel load (first-sight messages)', 'bot', 'echo', 'bot/echo'],
    ['  throughput (requests/s)', num(b.rps, 1), num(e.rps, 1), medianRatio((f) => f.rps)],
    ['  latency p50 (ms)', num(b.p50_ms, 1), num(e.p50_ms, 1), medianRatio((f) => f.p50_ms)],
    ['  latency p99 (ms)', num(b.p99_ms, 1), num(e.p99_ms, 1), medianRatio((f) => f.p99_ms)],
    ['  latency max (ms)', num(b.max_ms, 1), num(e.max_ms, 1), ''],
    ['  errors: non-2xx, socket', `${b.non2xx}, ${b.socketErrors}`, `${e.non2xx}, ${e.socketErrors}`, ''],
  ];
}

function rows(bot: ServerFigures, echo: ServerFigures): Row[] {
  const b = bot.load;
  const e = echo.load;
  const medianRatio = (figure: (f: LoadFigures) => number) => num(median(roundRatios(bot, echo, figure)), 2);
  const perRound = bot.rounds.map((r, i) => {
    const other = echo.rounds[i];
    return [
      `  round ${i + 1}: requests/s, p99 (ms)`,
      `${num(r.rps, 0)}, ${num(r.p99_ms, 0)}`,
      other ? `${num(other.rps, 0)}, ${num(other.p99_ms, 0)}` : '',
      other ? `${ratioText(r.rps, other.rps)}, ${ratioText(r.p99_ms, other.p99_ms)}` : '',
    ] as Row;
  });
  return [
    ["today's load (the KB's own questions, cycled)", 'bot', 'echo', 'bot/echo'],
    ['throughput (requests/s)', num(b.rps, 1), num(e.rps, 1), medianRatio((f) => f.rps)],
    ['latency p50 (ms)', num(b.p50_ms, 1), num(e.p50_ms, 1), medianRatio((f) => f.p50_ms)],
    ['latency p99 (ms)', num(b.p99_ms, 1), num(e.p99_ms, 1), medianRatio((f) => f.p99_ms)],
    ...perRound,
    ['latency max (ms)', num(b.max_ms, 1), num(e.max_ms, 1), ''],
    ['requests completed', String(b.requests), String(e.requests), ''],
    ['errors: non-2xx', String(b.non2xx), String(e.non2xx), ''],
    ['errors: socket (timeouts)', `${b.socketErrors} (${b.timeouts})`, `${e.socketErrors} (${e.timeouts})`, ''],
    ['RSS idle before load (MB)', num(bot.idle_rss_mb, 1), num(echo.idle_rss_mb, 1), ratioText(bot.idle_rss_mb, echo.idle_rss_mb)],
    ['RSS peak (MB)', num(bot.peak_rss_mb, 1), num(echo.peak_rss_mb, 1), ratioText(bot.peak_rss_mb, echo.peak_rss_mb)],
    ['cold start to /healthz 200 (ms)', num(bot.cold_start_ms), num(echo.cold_start_ms), ''],
    ['questions answered (1 pass)', `${bot.check.answered}/${bot.check.total}`, `${echo.check.answered}/${echo.check.total}`, ''],
    ['warn / error log lines', `${bot.output.warn} / ${bot.output.error}`, `${echo.output.warn} / ${echo.output.error}`, ''],
  ];
}

function formatRows(table: Row[]): string[] {
  const widths = [0, 1, 2, 3].map((i) => Math.max(...table.map((r) => r[i as 0 | 1 | 2 | 3].length)));
  const w = (i: number) => widths[i] ?? 0;
  return table.map(([label, b, e, r]) =>
    `  ${label.padEnd(w(0))}  ${b.padStart(w(1))}  ${e.padStart(w(2))}  ${r.padStart(w(3))}`.trimEnd(),
  );
}

function details(name: string, f: ServerFigures): string[] {
  const lines: string[] = [];
  for (const failure of f.check.failures) lines.push(`  ${name}: no reply: ${failure}`);
  for (const [event, count] of f.output.events) lines.push(`  ${name} logged ${count} x ${event}`);
  const codes = Object.entries(f.load.statusCodes).filter(([code]) => !code.startsWith('2'));
  if (codes.length > 0) lines.push(`  ${name} status codes: ${codes.map(([c, n]) => `${c} x ${n}`).join(', ')}`);
  return lines;
}

/** The readable report: setup, both servers side by side, the targets marked met / not met. */
export function formatReport(ctx: RunContext, bot: ServerFigures, echo: ServerFigures, hostile: HostileFigures): string {
  const o = ctx.options;
  const summary = summarize(bot, echo, hostile);
  const marks = targets(summary, bot);
  const nameWidth = Math.max(...marks.map((t) => t.name.length));
  const valueWidth = Math.max(...marks.map((t) => t.value.length));
  const notes = [...details('bot', bot), ...details('echo', echo)];
  return [
    'HTTP benchmark: POST /api/messages, deliveryMode expectReplies, local mode, 127.0.0.1',
    `  today's load: ${ctx.questions} questions (fr, ar incl. Darija, en) over ${o.conversations} rotating conversations, cycled`,
    `  novel load: every request a KB question variant (all topics, fr/ar/en) with a fresh misspelling and word order`,
    `  hostile: normal users (novel load) with and without one client sending 1,000 random letters to the web chat at its rate limit`,
    `        ${o.connections} connections at full speed, ${o.warmup} s warm-up, then ${o.rounds} paired rounds of ${o.duration} s per server`,
    `        (order alternates each round; ratios: median of the rounds' ratios; latencies: median of the rounds)`,
    `        (closed loop: both servers saturated, latency is mostly queueing behind the requests in flight)`,
    `  machine: node ${ctx.node}, ${ctx.cpus} CPUs shared with the load generator, load average ${ctx.loadBefore.toFixed(2)} before the run`,
    '',
    ...formatRows([...rows(bot, echo), ...novelRows(bot, echo), ...hostileRows(hostile)]),
    '',
    'Targets from the issue (reported, not asserted)',
    ...marks.map((t) => `  ${t.name.padEnd(nameWidth)}  ${t.value.padStart(valueWidth)}  ${t.met ? 'met' : 'NOT MET'}`),
    ...(notes.length > 0 ? ['', 'Notes', ...notes] : []),
  ].join('\n');
}
