/** Structured logs, one JSON object a line, without personal data unless an operator asks for it. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
  /** True when the operator allowed message text and ids in logs (VERBOSE_LOGGING). */
  readonly verbose: boolean;
}

export type LogSink = (line: string) => void;

export function createLogger(level: LogLevel, verbose = false, sink: LogSink = (l) => process.stdout.write(l + '\n')): Logger {
  const write =
    (at: Exclude<LogLevel, 'silent'>) =>
    (event: string, fields: Record<string, unknown> = {}) => {
      if (RANK[at] < RANK[level]) return;
      sink(JSON.stringify({ time: new Date().toISOString(), level: at, event, ...fields }));
    };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error'), verbose };
}

/** An error for the log: its name, message and stack (never the user's message). */
export function errorFields(err: unknown): Record<string, unknown> {
  if (err instanceof Error) return { error: err.name, message: err.message, stack: err.stack };
  return { error: String(err) };
}

/**
 * Logs an event at most once per `intervalMs`, with how many were left out since the last line: a
 * flood of failing requests (forged tokens) costs one log line a minute, not one each.
 */
export function throttledLog(log: Logger, level: Exclude<LogLevel, 'silent' | 'debug'>, intervalMs: number, now: () => number = Date.now) {
  let last = Number.NEGATIVE_INFINITY;
  let skipped = 0;
  return (event: string, fields: Record<string, unknown> = {}): void => {
    const at = now();
    if (at - last < intervalMs) {
      skipped++;
      return;
    }
    last = at;
    log[level](event, { ...fields, ...(skipped > 0 ? { skipped } : {}) });
    skipped = 0;
  };
}
