// The session store: memory for one process, Redis when several replicas share the sessions.
import session, { type Store } from 'express-session';
// Redis and its store are loaded only when the configuration names them (they weigh on start-up).
import type { createClient } from 'redis';
import type { RoleportConfig } from '../config/index.ts';
import type { Logger } from '../log.ts';
import { redisOptions, watchRedis } from '../redis-deadline.ts';

/** The session store, and the Redis client behind it (shared with the login throttle). */
export type OpenedSessionStore = { store: Store; redis?: ReturnType<typeof createClient>; close(): Promise<void> };

/** How often the memory store drops expired sessions (it otherwise does so only when one is read). */
const MEMORY_PRUNE_INTERVAL_MS = 60_000;

function openMemoryStore(): OpenedSessionStore {
  const store = new session.MemoryStore();
  // Listing every session makes the memory store check each one's expiry and drop the expired.
  const timer = setInterval(() => store.all(() => undefined), MEMORY_PRUNE_INTERVAL_MS);
  timer.unref();
  return { store, close: async () => clearInterval(timer) };
}

/** `deadlineMs` (timeouts.store): the most a Redis call may take, even when Redis hangs. */
export async function openSessionStore(config: RoleportConfig['session'], logger: Logger, deadlineMs: number): Promise<OpenedSessionStore> {
  if (config.store.type !== 'redis') return openMemoryStore();
  const [{ createClient }, { RedisStore }] = await Promise.all([import('redis'), import('connect-redis')]);
  const client = createClient(redisOptions(config.store.url.value, deadlineMs));
  let down = false;
  client.on('error', (error: Error) => {
    if (!down) logger.error({ err: { message: error.message } }, 'session store (Redis) unreachable; retrying');
    down = true;
  });
  client.on('ready', () => {
    if (down) logger.info('session store (Redis) reachable again');
    down = false;
  });
  await client.connect();
  watchRedis(client, { deadlineMs, logger, name: 'session store' });
  const store = new RedisStore({ client, prefix: `${config.store.prefix}sess:`, ttl: config.idleTimeout });
  return { store, redis: client, close: async () => void (await client.quit().catch(() => client.destroy())) };
}
