// Redis calls end within a deadline even when Redis hangs (a stopped process, a frozen network)
// and not only when it is down. node-redis bounds a command only until it is written; a written
// command waits for its reply for ever. So a PING must answer within the deadline, every half
// deadline: when it does not, the connection is dropped and made again, and every command that
// waited on it fails, for a 503.
import type { RedisClientOptions, createClient } from 'redis';
import type { Logger } from './log.ts';
import { storeDeadlinesMissed } from './metrics.ts';

export type RedisClient = ReturnType<typeof createClient>;

/** Options for a Redis client whose commands end within `deadlineMs` while it is away. */
export function redisOptions(url: string, deadlineMs: number, extra: Pick<RedisClientOptions, 'disableOfflineQueue'> = {}) {
  return {
    url,
    ...extra,
    // A command queued while the connection is down or being made gives up at the deadline.
    commandOptions: { timeout: deadlineMs },
    socket: { connectTimeout: 5000, reconnectStrategy: (retries: number) => Math.min(retries * 200, 5000) },
  };
}

/** Watches `client` until it is closed, or the returned function is called. */
export function watchRedis(client: RedisClient, options: { deadlineMs: number; logger: Logger; name: string }): () => void {
  const { deadlineMs, logger, name } = options;
  let checking = false;
  const check = async () => {
    if (!client.isOpen) return clearInterval(interval); // closed on purpose: nothing left to watch
    if (checking || !client.isReady) return;
    checking = true;
    let timer: NodeJS.Timeout | undefined;
    const answered = await Promise.race([
      client.ping().then(() => true, () => true), // an error answer is an answer: the error handlers deal with it
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), deadlineMs))),
    ]);
    clearTimeout(timer);
    checking = false;
    if (answered || !client.isReady) return;
    storeDeadlinesMissed.inc({ store: 'redis' });
    logger.error({ deadlineMs, store: name }, `${name} (Redis) did not answer within ${deadlineMs} ms: dropping the connection and making a new one`);
    client.destroy();
    client.connect().catch(() => undefined); // retried by the reconnect strategy; its errors reach the 'error' listener
  };
  const interval = setInterval(() => void check(), Math.max(100, Math.floor(deadlineMs / 2)));
  interval.unref();
  return () => clearInterval(interval);
}
