/**
 * A memo that holds at most `capacity` entries: when full, it starts over empty. Keys that come
 * from requests can never make it grow without bound, and a hit costs one Map lookup (an LRU
 * would reorder on every hit, which costs more than the entries it is used for here).
 */
export class BoundedCache<K, V> {
  private readonly items = new Map<K, V>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`BoundedCache capacity must be a positive integer, got ${capacity}`);
  }

  get size(): number {
    return this.items.size;
  }

  get(key: K): V | undefined {
    return this.items.get(key);
  }

  set(key: K, value: V): void {
    if (this.items.size >= this.capacity && !this.items.has(key)) this.items.clear();
    this.items.set(key, value);
  }

  /** The cached value, or the one `make` gives (cached before it is returned). */
  getOrSet(key: K, make: () => V): V {
    const cached = this.items.get(key);
    if (cached !== undefined) return cached;
    const value = make();
    this.set(key, value);
    return value;
  }

  delete(key: K): void {
    this.items.delete(key);
  }
}
