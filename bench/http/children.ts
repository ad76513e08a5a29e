/** The benchmarked servers as child processes: spawn, readiness (cold start), memory, and clean-up. */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import readline from 'node:readline';

export const HOST = '127.0.0.1';

export interface ChildSpec {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** What a child wrote: JSON log lines counted by level and event, other lines kept (last ones). */
export interface OutputTally {
  warn: number;
  error: number;
  events: Map<string, number>;
  lastLines: string[];
}

export interface Child {
  name: string;
  process: ChildProcess;
  pid: number;
  /** performance.now() just before the spawn. */
  spawnedAt: number;
  output: OutputTally;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  exited: Promise<string>;
  hasExited(): boolean;
}

const KEPT_LINES = 20;
const living = new Set<Child>();

/** A port free on 127.0.0.1 right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

interface LogLine {
  level?: unknown;
  event?: unknown;
}

function tallyLine(tally: OutputTally, line: string): void {
  let parsed: LogLine | undefined;
  try {
    parsed = JSON.parse(line) as LogLine;
  } catch {
    parsed = undefined;
  }
  if (parsed && (parsed.level === 'warn' || parsed.level === 'error')) {
    tally[parsed.level]++;
    const event = `${parsed.level} ${String(parsed.event)}`;
    tally.events.set(event, (tally.events.get(event) ?? 0) + 1);
    return;
  }
  tally.lastLines.push(line);
  if (tally.lastLines.length > KEPT_LINES) tally.lastLines.shift();
}

function watchOutput(proc: ChildProcess, tally: OutputTally): void {
  for (const stream of [proc.stdout, proc.stderr]) {
    if (stream) readline.createInterface({ input: stream }).on('line', (line) => tallyLine(tally, line));
  }
}

export function spawnChild(spec: ChildSpec): Child {
  const spawnedAt = performance.now();
  const proc = spawn(spec.command, spec.args, { cwd: spec.cwd, env: spec.env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (proc.pid === undefined) throw new Error(`${spec.name}: could not start ${spec.command}`);
  let ended = false;
  const output: OutputTally = { warn: 0, error: 0, events: new Map(), lastLines: [] };
  const exited = new Promise<string>((resolve) => {
    proc.once('exit', (code, signal) => {
      ended = true;
      living.delete(child);
      resolve(signal ?? String(code));
    });
    proc.once('error', (err) => {
      ended = true;
      living.delete(child);
      resolve(err.message);
    });
  });
  const child: Child = { name: spec.name, process: proc, pid: proc.pid, spawnedAt, output, exited, hasExited: () => ended };
  living.add(child);
  watchOutput(proc, output);
  return child;
}

/** The status of one GET, or 0 when the connection fails or times out. */
function getStatus(url: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(0));
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls GET /healthz every 10 ms until it answers 200; resolves with the milliseconds since the
 * spawn (the cold start). Rejects when the child exits first or after `timeoutMs`.
 */
export async function waitHealthy(child: Child, port: number, timeoutMs: number): Promise<number> {
  const url = `http://${HOST}:${port}/healthz`;
  const deadline = child.spawnedAt + timeoutMs;
  while (performance.now() < deadline) {
    if (child.hasExited()) throw new Error(`${child.name} exited before answering /healthz:\n${child.output.lastLines.join('\n')}`);
    if ((await getStatus(url, 500)) === 200) return performance.now() - child.spawnedAt;
    await sleep(10);
  }
  throw new Error(`${child.name} did not answer GET /healthz with 200 within ${timeoutMs} ms`);
}

/** Resident memory of a process in kB: /proc/<pid>/status (VmRSS), else `ps`; undefined once it is gone. */
export function readRssKb(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    if (match) return Number(match[1]);
  } catch {
    // No /proc (or the process is gone): ask ps.
  }
  try {
    const kb = Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim());
    return Number.isFinite(kb) && kb > 0 ? kb : undefined;
  } catch {
    return undefined;
  }
}

export interface RssSampler {
  /** Takes a sample now and returns it, in MB. */
  current(): number;
  /** The highest sample so far, in MB. */
  peak(): number;
  stop(): void;
}

const toMb = (kb: number) => kb / 1024;

/** Samples a process's RSS every `intervalMs` (100 ms by default) and keeps the peak. */
export function sampleRss(pid: number, intervalMs = 100): RssSampler {
  let current = 0;
  let peak = 0;
  const sample = () => {
    const kb = readRssKb(pid);
    if (kb === undefined) return;
    current = toMb(kb);
    peak = Math.max(peak, current);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    current: () => {
      sample();
      return current;
    },
    peak: () => {
      sample();
      return peak;
    },
    stop: () => clearInterval(timer),
  };
}

async function stopChild(child: Child, graceMs: number): Promise<void> {
  if (child.hasExited()) return;
  child.process.kill('SIGTERM');
  const killed = await Promise.race([child.exited.then(() => true), sleep(graceMs).then(() => false)]);
  if (!killed) child.process.kill('SIGKILL');
  await Promise.race([child.exited, sleep(1000)]);
}

/** Stops every child still running: SIGTERM, then SIGKILL after `graceMs`. */
export async function stopAllChildren(graceMs = 3000): Promise<void> {
  await Promise.all([...living].map((child) => stopChild(child, graceMs)));
}

/** Last resort when this process exits: SIGKILL whatever is still running (synchronous). */
export function killAllChildrenNow(): void {
  for (const child of living) {
    try {
      child.process.kill('SIGKILL');
    } catch {
      // Already gone.
    }
  }
}
