// Connections bound as the service account, reused across sign-ins for searches.
import type { Client } from 'ldapts';
import { createConnectionPool } from './connection-pool.ts';

export type ServicePool = {
  /** Runs `work` on a bound service connection; retries once on a fresh one if a reused connection turns out dead. */
  use<T>(work: (client: Client) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

export function createServicePool(options: { size: number; open: () => Promise<Client> }): ServicePool {
  // A refused search leaves the connection bound as the service account: it stays in the pool.
  const pool = createConnectionPool<void>({ size: options.size, open: options.open, keepAfterRefusal: true });
  return { use: (work) => pool.use(undefined, work), close: () => pool.close() };
}
