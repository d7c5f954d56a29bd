// CLI bearer tokens: random, handed out once, kept as their SHA-256 with the approving person's
// identity, so that every call is judged on that person's entitlements of the moment. A per-person
// index finds one person's tokens (to list them, or end them at sign-out); both live in memory, or in
// Redis when the sessions do, so that every replica sees the same ones.
import type { MfaMethod } from '../config/index.ts';
import { type Identity, type StoredIdentity, restoreIdentity } from '../identity/index.ts';
import { type ExpiringStore, type RedisClient, createMemoryStore, createRedisStore } from './expiring-store.ts';
import { type Person, type PersonIndex, createMemoryPersonIndex, createRedisPersonIndex } from './person-index.ts';
import { newSecret, secretHash } from './secret-hash.ts';

/** No token lives longer than this, whatever the session allowed. */
export const TOKEN_MAX_LIFETIME = 12 * 3600;

/** The second factor verified on the approval page that issued a token, for roles that need MFA. */
export type TokenMfa = { verifiedAt: number; method: MfaMethod };

type TokenRecord = { identity: StoredIdentity; createdAt: number; expiresAt: number; client?: string; requesterIp?: string; approvedAt?: number; mfa?: TokenMfa };

/** What the person (or an administrator) is shown of one token: never the token itself (its hash names it for revoke). */
export type CliTokenInfo = {
  tokenHash: string;
  /** The name the CLI gave itself when it asked (untrusted text). */
  client?: string;
  /** The address the sign-in request came from. */
  requesterIp?: string;
  approvedAt: Date;
  expiresAt: Date;
};

export type CliToken = CliTokenInfo & { identity: Identity; mfa?: TokenMfa };

/** How a token came to be: the device request it answers, and the step-up of its approval. */
export type TokenOrigin = { client?: string; requesterIp?: string; approvedAt?: number; mfa?: TokenMfa };

const tokenKey = (tokenHash: string) => `token:${tokenHash}`;
const personOf = (identity: StoredIdentity | Identity): Person => ({ source: identity.source, username: identity.username });

function present(tokenHash: string, record: TokenRecord): CliTokenInfo {
  return { tokenHash, client: record.client, requesterIp: record.requesterIp, approvedAt: new Date(record.approvedAt ?? record.createdAt), expiresAt: new Date(record.expiresAt) };
}

export type CliTokens = ReturnType<typeof createCliTokens>;

export function createCliTokens(store: ExpiringStore, index: PersonIndex, clock: () => Date) {
  const now = () => clock().getTime();

  async function revoke(tokenHash: string): Promise<CliTokenInfo | undefined> {
    const record = await store.take<TokenRecord>(tokenKey(tokenHash));
    if (!record) return undefined;
    await index.remove(personOf(record.identity), tokenHash);
    return present(tokenHash, record);
  }

  async function listTokensOf(person: Person): Promise<CliTokenInfo[]> {
    const listed: CliTokenInfo[] = [];
    for (const tokenHash of await index.list(person, now())) {
      const record = await store.get<TokenRecord>(tokenKey(tokenHash));
      // Revoked elsewhere, or past its end by this clock: the index forgets it too.
      if (!record || record.expiresAt <= now()) await index.remove(person, tokenHash);
      else listed.push(present(tokenHash, record));
    }
    return listed.sort((a, b) => a.approvedAt.getTime() - b.approvedAt.getTime());
  }

  return {
    /** Tokens not yet at their end nor revoked, of everyone (the active tokens gauge). */
    countLive: () => index.count(now()),
    async issue(identity: StoredIdentity, expiresAt: number, origin: TokenOrigin = {}): Promise<{ token: string; expiresAt: Date }> {
      const token = newSecret('rpt_');
      const tokenHash = secretHash(token);
      const record: TokenRecord = { identity, createdAt: now(), expiresAt, ...origin };
      await store.set(tokenKey(tokenHash), record, expiresAt);
      await index.add(personOf(identity), tokenHash, expiresAt);
      return { token, expiresAt: new Date(expiresAt) };
    },

    /** The token's holder, or undefined for an unknown, revoked or expired token. */
    async find(token: string): Promise<CliToken | undefined> {
      const tokenHash = secretHash(token);
      const record = await store.get<TokenRecord>(tokenKey(tokenHash));
      if (!record || record.expiresAt <= now()) return undefined;
      return { ...present(tokenHash, record), identity: restoreIdentity(record.identity), mfa: record.mfa };
    },

    /** Keeps a rechecked identity on a live token (its end stays where it was). */
    async updateIdentity(tokenHash: string, identity: StoredIdentity): Promise<void> {
      const record = await store.get<TokenRecord>(tokenKey(tokenHash));
      if (!record || record.expiresAt <= now()) return;
      await store.set(tokenKey(tokenHash), { ...record, identity }, record.expiresAt);
    },

    /** Ends one token; what it was, or undefined when it was already gone. */
    revoke,

    /** The person's live tokens, oldest approval first. */
    listTokensOf,

    /** Ends every live token of the person; the ones ended. */
    async revokeTokensOf(person: Person): Promise<CliTokenInfo[]> {
      const ended: CliTokenInfo[] = [];
      for (const token of await listTokensOf(person)) {
        const revoked = await revoke(token.tokenHash);
        if (revoked) ended.push(revoked);
      }
      return ended;
    },
  };
}

/** The tokens in Redis (under `<prefix>api:`, beside the device grants) when given a client, else in memory. */
export function openCliTokens(options: { redis?: RedisClient; prefix: string; clock: () => Date }): CliTokens {
  if (!options.redis) return createCliTokens(createMemoryStore(options.clock), createMemoryPersonIndex(), options.clock);
  const prefix = `${options.prefix}api:`;
  // The index outlives any token in it by a minute, so a slow clock never drops a live entry.
  return createCliTokens(createRedisStore(options.redis, prefix), createRedisPersonIndex(options.redis, prefix, (TOKEN_MAX_LIFETIME + 60) * 1000), options.clock);
}
