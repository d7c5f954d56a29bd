// Short-lived records (device grants, API tokens) as JSON under string keys, each with an end time:
// in memory for one process, or in Redis so that every replica sees the same ones.
import type { createClient } from 'redis';
import { RoleportError } from '../errors.ts';

export type RedisClient = ReturnType<typeof createClient>;

export type ExpiringStore = {
  get<T>(key: string): Promise<T | undefined>;
  /** Stores `value` until `until` (epoch ms). */
  set(key: string, value: unknown, until: number): Promise<void>;
  /** Stores only when the key is free; false when it was taken. */
  create(key: string, value: unknown, until: number): Promise<boolean>;
  /** Reads and removes in one step: of two concurrent takers, one gets the record. */
  take<T>(key: string): Promise<T | undefined>;
  delete(key: string): Promise<void>;
};

export function createMemoryStore(clock: () => Date): ExpiringStore {
  const entries = new Map<string, { json: string; until: number }>();
  const live = (key: string) => {
    const entry = entries.get(key);
    if (entry && entry.until <= clock().getTime()) entries.delete(key);
    return entries.get(key);
  };
  const sweep = () => {
    const now = clock().getTime();
    for (const [key, entry] of entries) if (entry.until <= now) entries.delete(key);
  };
  return {
    async get<T>(key: string) {
      const entry = live(key);
      return entry ? (JSON.parse(entry.json) as T) : undefined;
    },
    async set(key, value, until) {
      sweep();
      entries.set(key, { json: JSON.stringify(value), until });
    },
    async create(key, value, until) {
      if (live(key)) return false;
      sweep();
      entries.set(key, { json: JSON.stringify(value), until });
      return true;
    },
    async take<T>(key: string) {
      const entry = live(key);
      entries.delete(key);
      return entry ? (JSON.parse(entry.json) as T) : undefined;
    },
    async delete(key) {
      entries.delete(key);
    },
  };
}

const unavailable = (cause?: unknown) =>
  new RoleportError({ status: 503, code: 'store_unavailable', message: 'Roleport cannot reach its shared store for a moment; try again in a minute', cause });

/** A command that has not answered in this time is given up (it may sit in the offline queue). */
const COMMAND_TIMEOUT_MS = 2000;

/** Runs a command or fails with 503: while Redis is away, calls are refused rather than queued. */
export async function guarded<T>(client: RedisClient, command: (quick: RedisClient) => Promise<T>): Promise<T> {
  if (!client.isReady) throw unavailable();
  try {
    return await command(client.withAbortSignal(AbortSignal.timeout(COMMAND_TIMEOUT_MS)) as RedisClient);
  } catch (error) {
    throw unavailable(error);
  }
}

/** Keys live under `prefix`; Redis removes each record at its end time (set in real time). */
export function createRedisStore(client: RedisClient, prefix: string): ExpiringStore {
  const ttl = (until: number) => ({ type: 'PX' as const, value: Math.max(1, Math.round(until - Date.now())) });
  const parse = <T>(text: string | null | undefined) => (typeof text === 'string' ? (JSON.parse(text) as T) : undefined);
  return {
    async get<T>(key: string) {
      return parse<T>((await guarded(client, (c) => c.get(prefix + key))) as string | null);
    },
    async set(key, value, until) {
      await guarded(client, (c) => c.set(prefix + key, JSON.stringify(value), { expiration: ttl(until) }));
    },
    async create(key, value, until) {
      return (await guarded(client, (c) => c.set(prefix + key, JSON.stringify(value), { condition: 'NX', expiration: ttl(until) }))) === 'OK';
    },
    async take<T>(key: string) {
      return parse<T>((await guarded(client, (c) => c.getDel(prefix + key))) as string | null);
    },
    async delete(key) {
      await guarded(client, (c) => c.del(prefix + key));
    },
  };
}
