// Remembers SAML assertion IDs until they expire, so a used assertion is never accepted twice.
// In memory for one process; a shared store (Redis) implements the same interface for many replicas.

export type ReplayCache = {
  /** True the first time `id` is seen before `expiresAt`; false when it was already used. */
  rememberOnce(id: string, expiresAt: Date): Promise<boolean>;
};

export function createMemoryReplayCache(options: { clock?: () => Date; maxEntries?: number } = {}): ReplayCache {
  const clock = options.clock ?? (() => new Date());
  const maxEntries = options.maxEntries ?? 100_000;
  const seen = new Map<string, number>();
  const prune = (now: number) => {
    for (const [id, expiresAt] of seen) if (expiresAt <= now) seen.delete(id);
  };
  return {
    async rememberOnce(id, expiresAt) {
      const now = clock().getTime();
      const known = seen.get(id);
      if (known !== undefined && known > now) return false;
      if (seen.size >= maxEntries) prune(now);
      // Still full of live entries: refuse rather than forget one that could then be replayed.
      if (seen.size >= maxEntries) return false;
      seen.set(id, expiresAt.getTime());
      return true;
    },
  };
}
