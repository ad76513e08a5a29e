/** The benchmark's figures: side-by-side table, targets from the issue, and the one-line JSON summary. */
import type { OutputTally } from './children';
import { errorCount, type LoadFigures, median, type ReplyCheck } from './load';
import type { BenchOptions } from './options';

/** Everything measured for one server. */
export interface ServerFigures {
  /** All rounds together: throughput over all of them, median latencies, summed errors. */
  load: LoadFigures;
  /** Each round's figures, in order. */
  rounds: LoadFigures[];
  peak_rss_mb: number;
  idle_rss_mb: number;
  cold_start_ms: number;
  check: ReplyCheck;
  output: OutputTally;
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
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
const ratioOf = (a: number, b: number) => (b > 0 ? a / b : Number.POSITIVE_INFINITY);

function side(f: ServerFigures): Summary['bot'] {
  return { rps: round(f.load.rps, 1), p50_ms: round(f.load.p50_ms, 2), p99_ms: round(f.load.p99_ms, 2), peak_rss_mb: round(f.peak_rss_mb, 1) };
}

/** Each round's ratio bot / echo of a figure. */
export function roundRatios(bot: ServerFigures, echo: ServerFigures, figure: (f: LoadFigures) => number): number[] {
  return bot.rounds.map((b, i) => {
    const e = echo.rounds[i];
    return e ? ratioOf(figure(b), figure(e)) : Number.NaN;
  });
}

/** The JSON summary; ratios are bot / echo (median over the paired rounds); errors and cold start are the bot's. */
export function summarize(bot: ServerFigures, echo: ServerFigures): Summary {
  return {
    bot: side(bot),
    echo: side(echo),
    ratio: {
      throughput: round(median(roundRatios(bot, echo, (f) => f.rps)), 3),
      p99: round(median(roundRatios(bot, echo, (f) => f.p99_ms)), 3),
    },
    errors: errorCount(bot.load),
    cold_start_ms: Math.round(bot.cold_start_ms),
  };
}

interface Target {
  name: string;
  value: string;
  met: boolean;
}

/** The targets of the issue, for reference (reported, never asserted). */
export function targets(summary: Summary, bot: ServerFigures): Target[] {
  return [
    { name: 'throughput >= 0.7x echo', value: `${summary.ratio.throughput.toFixed(2)}x`, met: summary.ratio.throughput >= 0.7 },
    { name: 'p99 <= 2x echo', value: `${summary.ratio.p99.toFixed(2)}x`, met: summary.ratio.p99 <= 2 },
    { name: 'zero errors', value: String(summary.errors), met: summary.errors === 0 },
    { name: 'peak RSS <= 250 MB', value: `${bot.peak_rss_mb.toFixed(1)} MB`, met: bot.peak_rss_mb <= 250 },
    { name: 'cold start <= 2 s', value: `${Math.round(bot.cold_start_ms)} ms`, met: bot.cold_start_ms <= 2000 },
  ];
}

type Row = [label: string, bot: string, echo: string, ratio: string];

const num = (x: number, digits = 0) => x.toFixed(digits);
const ratioText = (a: number, b: number) => num(ratioOf(a, b), 2);

function rows(bot: ServerFigures, echo: ServerFigures): Row[] {
  const b = bot.load;
  const e = echo.load;
  const medianRatio = (figure: (f: LoadFigures) => number) => num(median(roundRatios(bot, echo, figure)), 2);
  const perRound = bot.rounds.map((r, i) => {
    const other = echo.rounds[i];
    return [`  round ${i + 1}: requests/s, p99 (ms)`, `${num(r.rps, 0)}, ${num(r.p99_ms, 0)}`, other ? `${num(other.rps, 0)}, ${num(other.p99_ms, 0)}` : '', other ? `${ratioText(r.rps, other.rps)}, ${ratioText(r.p99_ms, other.p99_ms)}` : ''] as Row;
  });
  return [
    ['', 'bot', 'echo', 'bot/echo'],
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
  return table.map(([label, b, e, r]) => `  ${label.padEnd(w(0))}  ${b.padStart(w(1))}  ${e.padStart(w(2))}  ${r.padStart(w(3))}`.trimEnd());
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
export function formatReport(ctx: RunContext, bot: ServerFigures, echo: ServerFigures): string {
  const o = ctx.options;
  const summary = summarize(bot, echo);
  const marks = targets(summary, bot);
  const nameWidth = Math.max(...marks.map((t) => t.name.length));
  const valueWidth = Math.max(...marks.map((t) => t.value.length));
  const notes = [...details('bot', bot), ...details('echo', echo)];
  return [
    'HTTP benchmark: POST /api/messages, deliveryMode expectReplies, local mode, 127.0.0.1',
    `  load: ${ctx.questions} questions (fr, ar incl. Darija, en) over ${o.conversations} rotating conversations,`,
    `        ${o.connections} connections at full speed, ${o.warmup} s warm-up, then ${o.rounds} paired rounds of ${o.duration} s per server`,
    `        (order alternates each round; ratios: median of the rounds' ratios; latencies: median of the rounds)`,
    `        (closed loop: both servers saturated, latency is mostly queueing behind the requests in flight)`,
    `  machine: node ${ctx.node}, ${ctx.cpus} CPUs shared with the load generator, load average ${ctx.loadBefore.toFixed(2)} before the run`,
    '',
    ...formatRows(rows(bot, echo)),
    '',
    'Targets from the issue (reported, not asserted)',
    ...marks.map((t) => `  ${t.name.padEnd(nameWidth)}  ${t.value.padStart(valueWidth)}  ${t.met ? 'met' : 'NOT MET'}`),
    ...(notes.length > 0 ? ['', 'Notes', ...notes] : []),
  ].join('\n');
}
