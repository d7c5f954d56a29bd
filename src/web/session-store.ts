// The session store: memory for one process, Redis when several replicas share the sessions.
import type { Store } from 'express-session';
import { RedisStore } from 'connect-redis';
import { createClient } from 'redis';
import type { RoleportConfig } from '../config/index.ts';
import type { Logger } from '../log.ts';

/** The session store, and the Redis client behind it (shared with the login throttle). */
export type OpenedSessionStore = { store?: Store; redis?: ReturnType<typeof createClient>; close(): Promise<void> };

export async function openSessionStore(config: RoleportConfig['session'], logger: Logger): Promise<OpenedSessionStore> {
  if (config.store.type !== 'redis') return { store: undefined, close: async () => {} };
  const client = createClient({ url: config.store.url.value, socket: { connectTimeout: 5000, reconnectStrategy: (retries) => Math.min(retries * 200, 5000) } });
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
  const store = new RedisStore({ client, prefix: `${config.store.prefix}sess:`, ttl: config.idleTimeout });
  return { store, redis: client, close: async () => void (await client.quit().catch(() => undefined)) };
}
