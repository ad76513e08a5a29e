import type { Storage, StoreItems } from 'botbuilder';
import { errorFields, type Logger } from '../log';

export interface ResilienceOptions {
  /** An operation slower than this counts as a failure (the store may be unreachable). */
  timeoutMs: number;
  /** After a failure, the store is left alone this long (answers come without state), then tried again. */
  retryAfterMs: number;
  /** The fault is logged at most once per interval while it lasts. */
  logIntervalMs: number;
}

class StoreTimeout extends Error {
  constructor(ms: number) {
    super(`storage did not answer within ${ms} ms`);
    this.name = 'StoreTimeout';
  }
}

/**
 * Keeps the bot answering when its store fails (a network store down): a failed read gives an
 * empty state (the turn runs as a new conversation, in the detected language), a failed write is
 * dropped. After a failure the store is not called for a while, so that answers stay fast; the
 * fault is logged once per interval; everything works again when the store is back.
 */
export class ResilientStorage implements Storage {
  private lastLogged = 0;
  private failedAt: number | undefined;

  constructor(
    private readonly inner: Storage,
    private readonly log: Logger,
    private readonly options: ResilienceOptions = { timeoutMs: 3_000, retryAfterMs: 10_000, logIntervalMs: 60_000 },
    private readonly now: () => number = Date.now,
  ) {}

  /** False while the store is failing. */
  get healthy(): boolean {
    return this.failedAt === undefined;
  }

  /** True while the store is left alone after a failure. */
  private resting(): boolean {
    return this.failedAt !== undefined && this.now() - this.failedAt < this.options.retryAfterMs;
  }

  private fault(operation: string, err: unknown): void {
    const now = this.now();
    if (this.failedAt === undefined || now - this.lastLogged >= this.options.logIntervalMs) {
      this.lastLogged = now;
      this.log.error('storage.unavailable', { operation, ...errorFields(err), fallback: 'stateless' });
    }
    this.failedAt = now;
  }

  private ok(): void {
    if (this.failedAt !== undefined) this.log.info('storage.recovered');
    this.failedAt = undefined;
  }

  private async guarded<T>(operation: string, run: () => Promise<T>, fallback: T): Promise<T> {
    if (this.resting()) return fallback;
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new StoreTimeout(this.options.timeoutMs)), this.options.timeoutMs);
      });
      const result = await Promise.race([run(), timeout]);
      this.ok();
      return result;
    } catch (err) {
      if (/eTag conflict|precondition/i.test(String((err as Error)?.message))) throw err;
      this.fault(operation, err);
      return fallback;
    } finally {
      clearTimeout(timer);
    }
  }

  read(keys: string[]): Promise<StoreItems> {
    return this.guarded('read', () => this.inner.read(keys), {});
  }

  write(changes: StoreItems): Promise<void> {
    return this.guarded('write', () => this.inner.write(changes), undefined);
  }

  delete(keys: string[]): Promise<void> {
    return this.guarded('delete', () => this.inner.delete(keys), undefined);
  }
}
