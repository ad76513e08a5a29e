import type { Storage, StoreItems } from 'botbuilder';
import type { ListableStorage } from './expiring-storage';
import { copyJson, type JsonValue, toJsonTree } from './json-copy';

type StoredItem = { [key: string]: JsonValue };

/**
 * State in this process's memory, bounded: at most `maxItems` items, the least recently written
 * going first when a new one comes (an expired or abandoned conversation before an active one).
 * Keys for which `keep` is true (anonymous counters) are never evicted. Honours eTags like
 * botbuilder's MemoryStorage. Values are kept as JSON (what JSON.parse(JSON.stringify(value)) gives,
 * taken on write) and every read gets its own copy, so that callers never share objects; a read copies
 * the tree instead of parsing text (parsing was most of the cost of the bot's state).
 */
export class BoundedMemoryStorage implements Storage, ListableStorage {
  private readonly items = new Map<string, StoredItem>();
  private eTag = 1;

  constructor(
    private readonly maxItems: number,
    private readonly keep: (key: string) => boolean = () => false,
  ) {}

  get size(): number {
    return this.items.size;
  }

  async read(keys: string[]): Promise<StoreItems> {
    const out: StoreItems = {};
    for (const key of keys) {
      const item = this.items.get(key);
      if (item !== undefined) out[key] = copyJson(item);
    }
    return out;
  }

  async write(changes: StoreItems): Promise<void> {
    for (const [key, change] of Object.entries(changes)) {
      const value = { ...(change as Record<string, unknown>) };
      const incoming = value.eTag;
      const current = this.items.get(key);
      if (typeof incoming === 'string' && incoming !== '*' && current !== undefined && current.eTag !== incoming) {
        throw new Error(`Storage: error writing "${key}" due to eTag conflict.`);
      }
      value.eTag = String(this.eTag++);
      // Re-inserted at the end: the Map's order is the order of last writes.
      this.items.delete(key);
      this.items.set(key, toJsonTree(value) as StoredItem);
    }
    this.evict();
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) this.items.delete(key);
  }

  async *entries(): AsyncGenerator<[string, unknown]> {
    for (const [key, item] of [...this.items]) yield [key, copyJson(item)];
  }

  private evict(): void {
    if (this.items.size <= this.maxItems) return;
    for (const key of this.items.keys()) {
      if (this.items.size <= this.maxItems) return;
      if (!this.keep(key)) this.items.delete(key);
    }
  }
}
