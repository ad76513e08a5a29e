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
 * A clock that counts only the time the event loop was free to run callbacks: it ticks every
 * `tickMs`, and a tick that comes late (the loop was busy with a long computation) counts as one
 * tick, not as the time that passed. A store operation is given `timeoutMs` of this time, so that a
 * busy CPU is never taken for a failing store (the operation's answer was waiting in the queue).
 */
export class FreeTimeClock {
  private elapsed = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly waiting = new Set<() => void>();

  constructor(private readonly tickMs = 100) {}

  /** Free milliseconds counted so far. */
  get now(): number {
    return this.elapsed;
  }

  /** Calls `onTimeout` once `ms` of free time have passed, unless the returned cancel function is called first. */
  after(ms: number, onTimeout: () => void): () => void {
    const due = this.elapsed + ms;
    const check = () => {
      if (this.elapsed < due) return;
      this.waiting.delete(check);
      onTimeout();
    };
    this.waiting.add(check);
    this.start();
    return () => {
      this.waiting.delete(check);
    };
  }

  private start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.elapsed += this.tickMs;
      for (const check of [...this.waiting]) check();
      if (this.waiting.size === 0) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
    }, this.tickMs);
    this.timer.unref();
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
    private readonly clock: FreeTimeClock = new FreeTimeClock(),
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
    let cancel: (() => void) | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        cancel = this.clock.after(this.options.timeoutMs, () => reject(new StoreTimeout(this.options.timeoutMs)));
      });
      const result = await Promise.race([run(), timeout]);
      this.ok();
      return result;
    } catch (err) {
      if (/eTag conflict|precondition|condition.*not met/i.test(String((err as Error)?.message))) throw err;
      this.fault(operation, err);
      return fallback;
    } finally {
      cancel?.();
    }
  }

  read(keys: string[]): Promise<StoreItems> {
    return this.guarded('read', () => this.readSkippingDamaged(keys), {});
  }

  /**
   * A damaged item (a blob that is not JSON) makes the whole read throw a SyntaxError: that is one
   * conversation's problem, not the store's. The keys are then read one by one, and the damaged
   * item counts as absent and is deleted, so that it does not trip again.
   */
  private async readSkippingDamaged(keys: string[]): Promise<StoreItems> {
    try {
      return await this.inner.read(keys);
    } catch (err) {
      if (!(err instanceof SyntaxError)) throw err;
    }
    const items: StoreItems = {};
    for (const key of keys) {
      try {
        Object.assign(items, await this.inner.read([key]));
      } catch (err) {
        if (!(err instanceof SyntaxError)) throw err;
        this.log.warn('storage.item.corrupt', { removed: true });
        await this.inner.delete([key]);
      }
    }
    return items;
  }

  write(changes: StoreItems): Promise<void> {
    return this.guarded('write', () => this.inner.write(changes), undefined);
  }

  delete(keys: string[]): Promise<void> {
    return this.guarded('delete', () => this.inner.delete(keys), undefined);
  }
}
