// Test peer: a TCP proxy in front of a real server (the shared PostgreSQL) that can freeze: it keeps
// accepting connections and reading what clients send, and passes nothing on either way until it
// thaws — a server that hangs, as a SIGSTOPped one would, without stopping the shared one.
import { type Socket, createConnection, createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

export type FreezableProxy = { port: number; freeze(): void; thaw(): void; close(): Promise<void> };

export async function startFreezableProxy(target: { host: string; port: number }): Promise<FreezableProxy> {
  let frozen = false;
  const held: (() => void)[] = [];
  const sockets = new Set<Socket>();
  /** Passes `chunk` on now, or once thawed (in order). */
  const forward = (to: Socket, chunk: Buffer) => (frozen ? held.push(() => to.write(chunk)) : to.write(chunk));
  const server = createServer((client) => {
    const upstream = createConnection(target);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    }
    client.on('data', (chunk: Buffer) => forward(upstream, chunk));
    upstream.on('data', (chunk: Buffer) => forward(client, chunk));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    freeze: () => void (frozen = true),
    thaw() {
      frozen = false;
      for (const send of held.splice(0)) send();
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
