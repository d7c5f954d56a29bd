// API bearer tokens: random, handed out once, kept as their SHA-256 with the approving person's
// identity, so that every call is judged on that person's entitlements of the moment.
import { type Identity, type StoredIdentity, restoreIdentity } from '../identity/index.ts';
import type { ExpiringStore } from './expiring-store.ts';
import { newSecret, secretHash } from './secret-hash.ts';

/** No token lives longer than this, whatever the session allowed. */
export const TOKEN_MAX_LIFETIME = 12 * 3600;

type TokenRecord = { identity: StoredIdentity; createdAt: number; expiresAt: number; client?: string };

export type ApiToken = { tokenHash: string; identity: Identity; expiresAt: Date; client?: string };

const tokenKey = (tokenHash: string) => `token:${tokenHash}`;

export type ApiTokens = ReturnType<typeof createApiTokens>;

export function createApiTokens(store: ExpiringStore, clock: () => Date) {
  return {
    async issue(identity: StoredIdentity, expiresAt: number, client?: string): Promise<{ token: string; expiresAt: Date }> {
      const token = newSecret('rpt_');
      const record: TokenRecord = { identity, createdAt: clock().getTime(), expiresAt, client };
      await store.set(tokenKey(secretHash(token)), record, expiresAt);
      return { token, expiresAt: new Date(expiresAt) };
    },

    /** The token's holder, or undefined for an unknown, revoked or expired token. */
    async find(token: string): Promise<ApiToken | undefined> {
      const tokenHash = secretHash(token);
      const record = await store.get<TokenRecord>(tokenKey(tokenHash));
      if (!record || record.expiresAt <= clock().getTime()) return undefined;
      return { tokenHash, identity: restoreIdentity(record.identity), expiresAt: new Date(record.expiresAt), client: record.client };
    },

    async revoke(tokenHash: string): Promise<void> {
      await store.delete(tokenKey(tokenHash));
    },
  };
}
