// What one person holds (CLI token hashes, browser session ids): entries per person (identity source
// id, username), each with its end time, so that sign-out and the session lists can find them although
// they are stored by hash or id. Entries past their end are dropped whenever a person's index is read,
// in memory and in Redis.
import { type RedisClient, guarded } from './expiring-store.ts';

export type Person = { source: string; username: string };

export type PersonIndex = {
  /** Adds the entry, or moves its end to `until`. */
  add(person: Person, tokenHash: string, until: number): Promise<void>;
  /** The person's token hashes that live at `now` (epoch ms). */
  list(person: Person, now: number): Promise<string[]>;
  remove(person: Person, tokenHash: string): Promise<void>;
  /** How many entries of everyone live at `now` (for the metrics; Redis: one scan). */
  count(now: number): Promise<number>;
};

const personKey = (person: Person) => `${encodeURIComponent(person.source)}:${encodeURIComponent(person.username)}`;

export function createMemoryPersonIndex(): PersonIndex {
  const byPerson = new Map<string, Map<string, number>>();
  return {
    async add(person, tokenHash, until) {
      const key = personKey(person);
      byPerson.set(key, (byPerson.get(key) ?? new Map()).set(tokenHash, until));
    },
    async list(person, now) {
      const key = personKey(person);
      const tokens = byPerson.get(key);
      if (!tokens) return [];
      for (const [tokenHash, until] of tokens) if (until <= now) tokens.delete(tokenHash);
      if (tokens.size === 0) byPerson.delete(key);
      return [...tokens.keys()];
    },
    async remove(person, tokenHash) {
      const key = personKey(person);
      byPerson.get(key)?.delete(tokenHash);
      if (byPerson.get(key)?.size === 0) byPerson.delete(key);
    },
    async count(now) {
      let live = 0;
      for (const tokens of byPerson.values()) for (const until of tokens.values()) if (until > now) live++;
      return live;
    },
  };
}

/**
 * One sorted set per person under `prefix` + `kind`, scored by each entry's end. The set itself lives
 * `maxLifetimeMs` past its last addition, longer than any token in it, so Redis drops it once all are gone.
 */
export function createRedisPersonIndex(client: RedisClient, prefix: string, maxLifetimeMs: number, kind = 'tokens-of'): PersonIndex {
  const key = (person: Person) => `${prefix}${kind}:${personKey(person)}`;
  return {
    async add(person, tokenHash, until) {
      await guarded(client, (c) => c.multi().zAdd(key(person), { score: until, value: tokenHash }).pExpire(key(person), maxLifetimeMs).exec());
    },
    async list(person, now) {
      const [, live] = await guarded(client, (c) => c.multi().zRemRangeByScore(key(person), '-inf', now).zRange(key(person), 0, -1).exec());
      return (live as unknown as string[]) ?? [];
    },
    async remove(person, tokenHash) {
      await guarded(client, (c) => c.zRem(key(person), tokenHash));
    },
    async count(now) {
      return guarded(client, async (c) => {
        let live = 0;
        for await (const keys of c.scanIterator({ MATCH: `${prefix}${kind}:*`, COUNT: 500 })) {
          for (const person of keys) live += await c.zCount(person, `(${now}`, '+inf');
        }
        return live;
      });
    },
  };
}
