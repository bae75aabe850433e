/**
 * A small per-process cache with a lifetime, for effective tenant configurations: a read within the
 * lifetime costs no database query; a write through this process drops the entry at once, a write
 * through another core process shows within the lifetime. Bounded: the oldest entry goes first.
 */
export class TtlCache<V> {
  readonly #entries = new Map<string, { value: Promise<V>; expires: number }>();

  constructor(
    readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached value, or the one `load` gives (one load per key at a time; a failed load is not kept). */
  get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.#entries.get(key);
    if (hit && hit.expires > this.now()) return hit.value;
    const value = load();
    if (this.ttlMs > 0) {
      this.#entries.delete(key);
      this.#entries.set(key, { value, expires: this.now() + this.ttlMs });
      while (this.#entries.size > this.maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
      value.catch(() => {
        if (this.#entries.get(key)?.value === value) this.#entries.delete(key);
      });
    }
    return value;
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }
}
