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

function expiresAt(value: unknown): number | undefined {
  const at = (value as Record<string, unknown> | undefined)?.[EXPIRES_AT];
  return typeof at === 'number' ? at : undefined;
}

function expired(value: unknown, now: number): boolean {
  const at = expiresAt(value);
  return at !== undefined && at <= now;
}

/** An item read this long after its last stamp gets a new one: idle time counts from the last message (to this precision). */
const MAX_REFRESH_AFTER_MS = 60_000;

/**
 * Makes every stored item expire after an idle time: each write stamps an expiry; a read treats
 * an expired item as absent and deletes it, and stamps a new expiry on a live item read some time
 * after its last stamp (a conversation whose state did not change is still active); sweep()
 * deletes expired items of stores that can list their content (files, memory), for conversations
 * that never come back.
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
    const refreshAfter = Math.min(MAX_REFRESH_AFTER_MS, this.idleMs / 10);
    const stale = Object.keys(items).filter((k) => {
      const at = expiresAt(items[k]);
      return at !== undefined && !this.permanent(k) && now + this.idleMs - at >= refreshAfter;
    });
    if (stale.length > 0) {
      // Written back as read ("*": whatever happened meanwhile, this is only a new expiry), then read
      // again so that callers get the item's new eTag.
      await this.write(Object.fromEntries(stale.map((k) => [k, { ...(items[k] as object), eTag: '*' }])));
      Object.assign(items, await this.inner.read(stale));
    }
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
