// A small bounded pool of LDAP connections, reused across sign-ins. A connection that failed at the
// transport level is dropped, never handed out again; `ready` prepares a reused one for its next use.
import type { Client } from 'ldapts';
import { RoleportError } from '../../errors.ts';
import { closeClient, isUsable } from './connection.ts';
import { isTransportError } from './transport-error.ts';

export type ConnectionPoolOptions<A> = {
  size: number;
  /** Opens a new connection, ready for a use with `arg`. */
  open: (arg: A) => Promise<Client>;
  /** Prepares an idle connection for a use with `arg` (a rebind); none when every use is alike. */
  ready?: (client: Client, arg: A) => Promise<void>;
  /** Whether a connection whose use failed without a transport error goes back to the pool. */
  keepAfterRefusal: boolean;
};

export type ConnectionPool<A> = {
  /** Runs `work` on a ready connection; retries once on a fresh one if a reused connection turns out dead. */
  use<T>(arg: A, work: (client: Client) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

export function createConnectionPool<A>(options: ConnectionPoolOptions<A>): ConnectionPool<A> {
  const idle: Client[] = [];
  const waiting: (() => void)[] = [];
  let open = 0;
  let closed = false;

  const wakeOne = () => waiting.shift()?.();

  async function acquire(arg: A): Promise<{ client: Client; reused: boolean }> {
    for (;;) {
      if (closed) throw new Error('the LDAP source is closed');
      const candidate = idle.pop();
      if (candidate) {
        if (isUsable(candidate)) return { client: candidate, reused: true };
        open--; // closed by the server while idle
        closeClient(candidate);
        continue;
      }
      if (open < options.size) {
        open++;
        try {
          return { client: await options.open(arg), reused: false };
        } catch (error) {
          open--;
          wakeOne();
          throw error;
        }
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
  }

  function release(client: Client, keep: boolean): void {
    if (keep && !closed && isUsable(client)) idle.push(client);
    else {
      open--;
      closeClient(client);
    }
    wakeOne();
  }

  return {
    async use(arg, work) {
      for (let attempt = 1; ; attempt++) {
        const { client, reused } = await acquire(arg);
        try {
          if (reused && options.ready) await options.ready(client, arg);
          const result = await work(client);
          release(client, true);
          return result;
        } catch (error) {
          // A refusal worded for the person (a locked account found by the work) is no dead connection.
          const dead = isTransportError(error) && !(error instanceof RoleportError);
          release(client, !dead && options.keepAfterRefusal);
          if (!(dead && reused && attempt === 1)) throw error;
        }
      }
    },
    async close() {
      closed = true;
      for (const client of idle.splice(0)) closeClient(client);
      for (const wake of waiting.splice(0)) wake();
    },
  };
}
