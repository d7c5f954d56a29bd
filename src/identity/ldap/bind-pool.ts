// Connections for people's binds, reused across sign-ins so a sign-in costs no TCP or TLS handshake.
// Each use binds again as its person first; a connection is kept only after a use that fully
// succeeded, so one person's refused bind (which leaves the connection anonymous or half-known)
// is never what the next person's sign-in starts from. Service searches never run on these.
import type { Client } from 'ldapts';
import { createConnectionPool } from './connection-pool.ts';

export type PersonBind = (client: Client) => Promise<void>;

export type BindPool = {
  /** Binds with `bind` on an idle connection (or a new one), then runs `work` as that person. */
  use<T>(bind: PersonBind, work: (client: Client) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

export function createBindPool(options: { size: number; open: (bind: PersonBind) => Promise<Client> }): BindPool {
  const pool = createConnectionPool<PersonBind>({ size: options.size, open: options.open, ready: (client, bind) => bind(client), keepAfterRefusal: false });
  return { use: (bind, work) => pool.use(bind, work), close: () => pool.close() };
}
