import type { Storage, StoreItems } from 'botbuilder';
import type { ListableStorage } from './expiring-storage';

/**
 * State in this process's memory, bounded: at most `maxItems` items, the least recently written
 * going first when a new one comes (an expired or abandoned conversation before an active one).
 * Keys for which `keep` is true (anonymous counters) are never evicted. Honours eTags like
 * botbuilder's MemoryStorage; values are kept as JSON text, so that callers never share objects.
 */
export class BoundedMemoryStorage implements Storage, ListableStorage {
  private readonly items = new Map<string, string>();
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
      const json = this.items.get(key);
      if (json !== undefined) out[key] = JSON.parse(json) as unknown;
    }
    return out;
  }

  async write(changes: StoreItems): Promise<void> {
    for (const [key, change] of Object.entries(changes)) {
      const value = { ...(change as Record<string, unknown>) };
      const incoming = value.eTag;
      const current = this.items.get(key);
      if (typeof incoming === 'string' && incoming !== '*' && current !== undefined) {
        const stored = (JSON.parse(current) as { eTag?: unknown }).eTag;
        if (stored !== incoming) throw new Error(`Storage: error writing "${key}" due to eTag conflict.`);
      }
      value.eTag = String(this.eTag++);
      // Re-inserted at the end: the Map's order is the order of last writes.
      this.items.delete(key);
      this.items.set(key, JSON.stringify(value));
    }
    this.evict();
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) this.items.delete(key);
  }

  async *entries(): AsyncGenerator<[string, unknown]> {
    for (const [key, json] of [...this.items]) yield [key, JSON.parse(json) as unknown];
  }

  private evict(): void {
    if (this.items.size <= this.maxItems) return;
    for (const key of this.items.keys()) {
      if (this.items.size <= this.maxItems) return;
      if (!this.keep(key)) this.items.delete(key);
    }
  }
}
