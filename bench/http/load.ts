/** The HTTP load (autocannon, programmatic) and a one-pass check that every question gets a reply. */
import autocannon from 'autocannon';
import { HOST } from './children';
import { messageActivity, QUESTIONS } from './messages';
import type { BenchOptions } from './options';

/** Seconds before a request counts as an error (timeout) and its connection is reset. */
export const REQUEST_TIMEOUT_S = 10;

export interface LoadFigures {
  /** Completed requests per second over the measured run (warm-up excluded). */
  rps: number;
  /** Length of the measured run. */
  seconds: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  requests: number;
  /** Responses outside 2xx. */
  non2xx: number;
  /** Socket errors, timeouts included. */
  socketErrors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
}

export const errorCount = (f: LoadFigures) => f.non2xx + f.socketErrors;

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The rounds of one server as one set of figures: throughput over all rounds, median latencies, summed errors. */
export function combineRounds(rounds: LoadFigures[]): LoadFigures {
  const requests = rounds.reduce((n, r) => n + r.requests, 0);
  const seconds = rounds.reduce((n, r) => n + r.seconds, 0);
  const statusCodes: Record<string, number> = {};
  for (const r of rounds) for (const [code, n] of Object.entries(r.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + n;
  return {
    rps: seconds > 0 ? requests / seconds : 0,
    seconds,
    p50_ms: median(rounds.map((r) => r.p50_ms)),
    p99_ms: median(rounds.map((r) => r.p99_ms)),
    max_ms: Math.max(...rounds.map((r) => r.max_ms)),
    requests,
    non2xx: rounds.reduce((n, r) => n + r.non2xx, 0),
    socketErrors: rounds.reduce((n, r) => n + r.socketErrors, 0),
    timeouts: rounds.reduce((n, r) => n + r.timeouts, 0),
    statusCodes,
  };
}

function figures(result: autocannon.Result): LoadFigures {
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count]));
  return {
    rps: result.duration > 0 ? result.requests.total / result.duration : 0,
    seconds: result.duration,
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    max_ms: result.latency.max,
    requests: result.requests.total,
    non2xx: result.non2xx,
    socketErrors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
  };
}

/** Loads POST /api/messages with `nextBody()` bodies: `warmup` seconds of warm-up (if any), then the measured run. */
export async function runLoad(port: number, options: BenchOptions, nextBody: () => string, warmup: number): Promise<LoadFigures> {
  const result = await autocannon({
    url: `http://${HOST}:${port}/api/messages`,
    connections: options.connections,
    duration: options.duration,
    timeout: REQUEST_TIMEOUT_S,
    ...(warmup > 0 ? { warmup: { connections: options.connections, duration: warmup } } : {}),
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request) => ({ ...request, body: nextBody() }),
      },
    ],
  });
  return figures(result);
}

export interface ReplyCheck {
  /** Questions whose response was a 200 with at least one activity. */
  answered: number;
  total: number;
  /** The questions that were not, with what came back. */
  failures: string[];
}

interface ExpectRepliesBody {
  activities?: unknown[];
}

async function askOnce(port: number, text: string, conversationId: string): Promise<string | undefined> {
  try {
    const res = await fetch(`http://${HOST}:${port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: messageActivity(text, conversationId, `${conversationId}-u`),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_S * 1000),
    });
    const body = (await res.json().catch(() => ({}))) as ExpectRepliesBody;
    if (res.status !== 200) return `HTTP ${res.status}`;
    return (body.activities?.length ?? 0) > 0 ? undefined : 'no activity in the response';
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** Sends each question once, each on a new conversation, and counts the ones that got a reply. */
export async function checkReplies(port: number, prefix: string): Promise<ReplyCheck> {
  const failures: string[] = [];
  for (const [i, question] of QUESTIONS.entries()) {
    const problem = await askOnce(port, question.text, `${prefix}-check-${i}`);
    if (problem) failures.push(`${question.lang} ${question.topic} "${question.text}": ${problem}`);
  }
  return { answered: QUESTIONS.length - failures.length, total: QUESTIONS.length, failures };
}

export interface AttackFigures {
  /** Web chat requests the attacker sent, and their status codes. */
  sent: number;
  statusCodes: Record<string, number>;
}

/**
 * One client sending `nextText()` to the web chat at `perMinute` requests a minute (the web chat's
 * rate limit) until `stop()`: the hostile scenario's attacker, from one address, within the limit.
 */
export function startAttacker(port: number, perMinute: number, nextText: () => string): { stop(): Promise<AttackFigures> } {
  const base = `http://${HOST}:${port}/api/webchat/conversations`;
  const figures: AttackFigures = { sent: 0, statusCodes: {} };
  const count = (status: number | string) => {
    figures.sent++;
    figures.statusCodes[String(status)] = (figures.statusCodes[String(status)] ?? 0) + 1;
  };
  let running = true;
  let wake: (() => void) | undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const interval = 60_000 / perMinute;
  const loop = (async () => {
    // An unknown id gets a new conversation with each message: the attacker needs no set-up request.
    const id = 'x'.repeat(32);
    while (running) {
      const started = Date.now();
      try {
        const res = await fetch(`${base}/${id}/activities`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ text: nextText() }),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_S * 1000),
        });
        await res.arrayBuffer();
        count(res.status);
      } catch {
        count('error');
      }
      if (running) await pause(Math.max(0, interval - (Date.now() - started)));
    }
  })();
  return {
    stop: async () => {
      running = false;
      wake?.();
      await loop;
      return figures;
    },
  };
}
