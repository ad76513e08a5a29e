import type { Storage, StoreItems } from 'botbuilder';

/** The field each stored item carries: when it stops existing (ms since epoch). */
export const EXPIRES_AT = 'iomExpiresAt';

/** A store that can list what it holds, so that expired items can be swept without being read. */
export interface ListableStorage extends Storage {
  entries(): AsyncGenerator<[string, unknown]>;
}

function isListable(s: Storage): s is ListableStorage {
  return typeof (s as Partial<ListableStorage>).entries === 'function';
}

function expired(value: unknown, now: number): boolean {
  const at = (value as Record<string, unknown> | undefined)?.[EXPIRES_AT];
  return typeof at === 'number' && at <= now;
}

/**
 * Makes every stored item expire after an idle time: each write stamps an expiry; a read treats
 * an expired item as absent and deletes it; sweep() deletes expired items of stores that can list
 * their content (files, memory), for conversations that never come back.
 */
export class ExpiringStorage implements Storage {
  constructor(
    private readonly inner: Storage,
    private readonly idleMs: number,
    /** Keys that never expire (anonymous counters, not about a person). */
    private readonly permanent: (key: string) => boolean = () => false,
    private readonly now: () => number = Date.now,
  ) {}

  async read(keys: string[]): Promise<StoreItems> {
    const items = await this.inner.read(keys);
    const now = this.now();
    const gone = Object.keys(items).filter((k) => expired(items[k], now));
    for (const k of gone) delete items[k];
    if (gone.length > 0) await this.inner.delete(gone);
    return items;
  }

  write(changes: StoreItems): Promise<void> {
    const expiresAt = this.now() + this.idleMs;
    const stamped: StoreItems = {};
    for (const [key, value] of Object.entries(changes)) {
      stamped[key] = this.permanent(key) ? value : { ...(value as object), [EXPIRES_AT]: expiresAt };
    }
    return this.inner.write(stamped);
  }

  delete(keys: string[]): Promise<void> {
    return this.inner.delete(keys);
  }

  /** Deletes expired items; returns how many. A store that cannot list expires items on read only. */
  async sweep(): Promise<number> {
    if (!isListable(this.inner)) return 0;
    const now = this.now();
    const gone: string[] = [];
    for await (const [key, value] of this.inner.entries()) if (expired(value, now)) gone.push(key);
    if (gone.length > 0) await this.inner.delete(gone);
    return gone.length;
  }
}
