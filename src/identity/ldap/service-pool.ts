// A small bounded pool of connections bound as the service account, reused across sign-ins.
// A connection that failed at the transport level is dropped, never handed out again.
import type { Client } from 'ldapts';
import { closeClient, isUsable } from './connection.ts';
import { isTransportError } from './transport-error.ts';

export type ServicePool = {
  /** Runs `work` on a bound service connection; retries once on a fresh one if a reused connection turns out dead. */
  use<T>(work: (client: Client) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

export function createServicePool(options: { size: number; open: () => Promise<Client> }): ServicePool {
  const idle: Client[] = [];
  const waiting: (() => void)[] = [];
  let open = 0;
  let closed = false;

  const wakeOne = () => waiting.shift()?.();

  async function acquire(): Promise<{ client: Client; reused: boolean }> {
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
          return { client: await options.open(), reused: false };
        } catch (error) {
          open--;
          wakeOne();
          throw error;
        }
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
  }

  function release(client: Client, healthy: boolean): void {
    if (healthy && !closed && isUsable(client)) idle.push(client);
    else {
      open--;
      closeClient(client);
    }
    wakeOne();
  }

  return {
    async use(work) {
      for (let attempt = 1; ; attempt++) {
        const { client, reused } = await acquire();
        try {
          const result = await work(client);
          release(client, true);
          return result;
        } catch (error) {
          const dead = isTransportError(error);
          release(client, !dead);
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
