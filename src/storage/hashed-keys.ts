import { createHash } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import { BoundedCache } from '../util/bounded-cache';

/**
 * Keys hashed recently (a turn hashes its conversation's and its user's key on read and again on
 * write), in this process's memory only; a deleted key ("forget me") is dropped from it.
 */
const RECENT_KEYS = 10_000;
const recent = new BoundedCache<string, string>(RECENT_KEYS);

/** A storage key as the store sees it: the SHA-256 of the bot's key, so that no channel id (a phone number on SMS) is stored. */
export function hashedKey(key: string): string {
  return recent.getOrSet(key, () => createHash('sha256').update(`iom-state:${key}`).digest('hex'));
}

/**
 * Stores every item under the hash of its key: file names, blob names and file contents hold no
 * conversation or user id, only what the bot remembers (language, dialog position, choices, source).
 */
export class HashedKeyStorage implements Storage {
  constructor(private readonly inner: Storage) {}

  async read(keys: string[]): Promise<StoreItems> {
    const byHash = new Map(keys.map((k) => [hashedKey(k), k]));
    const items = await this.inner.read([...byHash.keys()]);
    const out: StoreItems = {};
    for (const [hash, value] of Object.entries(items)) {
      const key = byHash.get(hash);
      if (key !== undefined) out[key] = value;
    }
    return out;
  }

  write(changes: StoreItems): Promise<void> {
    return this.inner.write(Object.fromEntries(Object.entries(changes).map(([k, v]) => [hashedKey(k), v])));
  }

  delete(keys: string[]): Promise<void> {
    const hashes = keys.map(hashedKey);
    for (const key of keys) recent.delete(key);
    return this.inner.delete(hashes);
  }
}
