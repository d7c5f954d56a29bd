// Keys held in memory for a long-running server (roleport serve): the same keys while they are
// fresh, new ones before they expire, one request to Roleport at a time however many callers ask.

export type Expiring = { Expiration: string };

/** AWS SDKs refresh container credentials 15 minutes before they expire; renew before that. */
export const RENEW_BEFORE_MS = 15 * 60 * 1000;

export type CredentialKeeper<T extends Expiring> = { get(): Promise<T> };

/**
 * `fetchFresh(minLeftMs)` gets keys with more than that left (from a cache or Roleport). Keys are
 * renewed when less than RENEW_BEFORE_MS is left, or half their life for short-lived keys.
 */
export function createCredentialKeeper<T extends Expiring>(fetchFresh: (renewBeforeMs: number) => Promise<T>, now: () => number = Date.now): CredentialKeeper<T> {
  let current: { value: T; expiresAt: number; renewAt: number } | undefined;
  let pending: Promise<T> | undefined;
  const renewWindow = (expiresAt: number, from: number) => Math.min(RENEW_BEFORE_MS, Math.max(0, expiresAt - from) / 2);
  return {
    get() {
      if (current && now() < current.renewAt) return Promise.resolve(current.value);
      pending ??= (async () => {
        try {
          // Renewing: only keys that outlive the current ones will do.
          const value = await fetchFresh(current ? Math.max(0, current.expiresAt - now()) + 1000 : RENEW_BEFORE_MS);
          const fetchedAt = now();
          const expiresAt = Date.parse(value.Expiration);
          current = { value, expiresAt, renewAt: expiresAt - renewWindow(expiresAt, fetchedAt) };
          return value;
        } finally {
          pending = undefined;
        }
      })();
      return pending;
    },
  };
}
