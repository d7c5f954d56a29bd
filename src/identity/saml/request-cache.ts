// Keeps the IDs of the AuthnRequests Roleport sent until answered or expired (node-saml's CacheProvider),
// so a response's InResponseTo must name a request of ours. In memory; Redis can replace it.
import type { CacheItem, CacheProvider } from '@node-saml/node-saml';

export function createMemoryRequestCache(options: { lifetimeMs: number; clock?: () => Date; maxEntries?: number }): CacheProvider {
  const clock = options.clock ?? (() => new Date());
  const maxEntries = options.maxEntries ?? 50_000;
  const items = new Map<string, CacheItem>();
  const live = (item: CacheItem | undefined) => item !== undefined && clock().getTime() - item.createdAt < options.lifetimeMs;
  return {
    async saveAsync(key, value) {
      if (items.has(key)) return null;
      if (items.size >= maxEntries) for (const [k, item] of items) if (!live(item)) items.delete(k);
      if (items.size >= maxEntries) items.delete(items.keys().next().value as string);
      const item = { value, createdAt: clock().getTime() };
      items.set(key, item);
      return item;
    },
    async getAsync(key) {
      const item = items.get(key);
      if (!live(item)) {
        items.delete(key);
        return null;
      }
      return item!.value;
    },
    async removeAsync(key) {
      if (key === null) return null;
      const item = items.get(key);
      items.delete(key);
      return item ? item.value : null;
    },
  };
}

/**
 * The cache as node-saml sees it: it may read request IDs but never remove one. node-saml removes the
 * ID on any error, so a forged response naming a pending request would use it up and the genuine
 * answer that follows would be refused; the source removes the ID itself once a response is accepted.
 */
export function readOnlyRequestCache(cache: CacheProvider): CacheProvider {
  return {
    saveAsync: (key, value) => cache.saveAsync(key, value),
    getAsync: (key) => cache.getAsync(key),
    removeAsync: async () => null,
  };
}
