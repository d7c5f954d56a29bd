// The replay cache and the request cache in Redis, shared by every replica: an assertion used at one
// replica is refused at all of them, and an answer may land on another replica than its request.
import type { CacheProvider } from '@node-saml/node-saml';
import type { createClient } from 'redis';
import { RoleportError } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import { redisOptions, watchRedis } from '../../redis-deadline.ts';
import type { ReplayCache } from './replay-cache.ts';

export type SamlRedis = ReturnType<typeof createClient>;

const unreachable = (cause: unknown) =>
  new RoleportError({ status: 503, code: 'saml_state_unavailable', message: 'Sign-in is unavailable for a moment (Roleport cannot reach its shared store). Try again in a minute.', cause });

/** Waits briefly for a (re)connecting client, then runs the command; a store that is away means 503, never a pass. */
async function guarded<T>(opening: Promise<SamlRedis>, call: (client: SamlRedis) => Promise<T>): Promise<T> {
  try {
    const client = await opening;
    if (!client.isReady) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('Redis is not connected')), 2000);
        client.once('ready', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return await call(client);
  } catch (error) {
    throw unreachable(error);
  }
}

export function createRedisReplayCache(client: Promise<SamlRedis>, prefix: string): ReplayCache {
  return {
    async rememberOnce(id, expiresAt) {
      const ttl = Math.max(1000, expiresAt.getTime() - Date.now());
      // SET NX: only the first replica to see this assertion ID stores it; any later use is a replay.
      const stored = await guarded(client, (c) => c.set(`${prefix}saml:assertion:${id}`, '1', { condition: 'NX', expiration: { type: 'PX', value: ttl } }));
      return stored === 'OK';
    },
  };
}

export function createRedisRequestCache(client: Promise<SamlRedis>, prefix: string, lifetimeMs: number): CacheProvider {
  const key = (id: string) => `${prefix}saml:request:${id}`;
  return {
    async saveAsync(id, value) {
      const stored = await guarded(client, (c) => c.set(key(id), value, { condition: 'NX', expiration: { type: 'PX', value: lifetimeMs } }));
      return stored === 'OK' ? { value, createdAt: Date.now() } : null;
    },
    getAsync: (id) => guarded(client, (c) => c.get(key(id))),
    async removeAsync(id) {
      if (id === null) return null;
      return guarded(client, (c) => c.getDel(key(id)));
    },
  };
}

/**
 * A Redis client of its own for one source; commands fail at once while it is away (no offline
 * queue), and within `deadlineMs` when it hangs. The client library loads here, only for a SAML
 * source with a Redis session store.
 */
export async function openSamlRedis(url: string, deadlineMs: number, logger: Logger, onError: (error: Error) => void): Promise<SamlRedis> {
  const { createClient } = await import('redis');
  const client = createClient(redisOptions(url, deadlineMs, { disableOfflineQueue: true }));
  client.on('error', onError);
  client.connect().catch(onError);
  watchRedis(client, { deadlineMs, logger, name: 'SAML replay cache' });
  return client;
}
