// A bounded in-memory map whose entries expire: sign-in tokens and console sessions live here.
export class ExpiringMap<V> {
  readonly #entries = new Map<string, { value: V; expiresAt: number }>();
  readonly #max: number;

  constructor(max: number) {
    this.#max = max;
  }

  set(key: string, value: V, expiresAt: number, now: number): void {
    if (this.#entries.size >= this.#max) this.#evict(now);
    this.#entries.set(key, { value, expiresAt });
  }

  /** The live value, or undefined when absent or expired (expired entries are dropped). */
  get(key: string, now: number): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Removes and returns the live value: single-use tokens. */
  take(key: string, now: number): V | undefined {
    const value = this.get(key, now);
    this.#entries.delete(key);
    return value;
  }

  get size(): number {
    return this.#entries.size;
  }

  #evict(now: number): void {
    for (const [key, entry] of this.#entries) if (entry.expiresAt <= now) this.#entries.delete(key);
    // Still full: drop the oldest tenth (Map keeps insertion order).
    if (this.#entries.size >= this.#max) {
      let drop = Math.max(1, Math.floor(this.#max / 10));
      for (const key of this.#entries.keys()) {
        if (drop-- <= 0) break;
        this.#entries.delete(key);
      }
    }
  }
}
