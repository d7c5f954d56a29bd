// Opens an LDAP connection with failover across the configured URLs: TLS (ldaps:// or StartTLS) with
// certificate checks, connect and operation timeouts, then the bind it was asked for.
import { connect as netConnect, Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import type * as Ldapts from 'ldapts';
import type { Client } from 'ldapts';
import { loadLdapts } from './ldapts-library.ts';
import { timeIdentityCall } from '../../metrics.ts';
import type { ServerList } from './server-list.ts';
import { DirectoryUnreachableError, describeTransportError, isTransportError } from './transport-error.ts';

export type TransportSettings = {
  startTls: boolean;
  tls: ConnectionOptions;
  connectTimeoutMs: number;
  operationTimeoutMs: number;
  /** The source's id, for the call latency metric. */
  source: string;
};

/** Every bind and search of `client` lands in roleport_identity_call_duration_seconds. */
function timed(client: Client, source: string): Client {
  const outcomeOf = (error: unknown) => (isTransportError(error) ? 'unreachable' : 'refused');
  const bind = client.bind.bind(client);
  const search = client.search.bind(client);
  client.bind = ((...args: Parameters<Client['bind']>) => timeIdentityCall({ source, operation: 'ldap-bind' }, () => bind(...args), outcomeOf)) as Client['bind'];
  client.search = ((...args: Parameters<Client['search']>) => timeIdentityCall({ source, operation: 'ldap-search' }, () => search(...args), outcomeOf)) as Client['search'];
  return client;
}

/** A socket that fails at once: a closed connection is not silently reopened (it would be unbound). */
function refusedSocket(): Socket {
  const socket = new Socket();
  process.nextTick(() => socket.destroy(Object.assign(new Error('connection was closed; Roleport opens a new one'), { code: 'ECONNRESET' })));
  return socket;
}

/** What Roleport knows of a client's sockets; ldapts loses track of a socket after StartTLS. */
type SocketState = { sockets: Socket[]; closed: boolean; upgraded: boolean };
const states = new WeakMap<Client, SocketState>();

/** Wraps a socket factory so the client can use it once (ldapts would otherwise reconnect unbound) and we see the socket close. */
function once<F extends (...args: never[]) => Socket>(factory: F, state: SocketState): F {
  let used = false;
  return ((...args: Parameters<F>) => {
    if (used) return refusedSocket();
    used = true;
    const socket = factory(...args);
    state.sockets.push(socket);
    socket.once('close', () => (state.closed = true));
    return socket;
  }) as F;
}

function createClient(ldapts: typeof Ldapts, url: string, settings: TransportSettings): Client {
  const state: SocketState = { sockets: [], closed: false, upgraded: false };
  const client = new ldapts.Client({
    url,
    connectTimeout: settings.connectTimeoutMs,
    timeout: settings.operationTimeoutMs,
    // ldapts treats any tlsOptions as "connect with TLS", so ldap:// URLs (StartTLS or not) get none.
    ...(url.startsWith('ldaps:') ? { tlsOptions: settings.tls } : {}),
    strictDN: true,
    createConnection: once(netConnect as (...args: never[]) => Socket, state) as unknown as typeof netConnect,
    createSecureConnection: once(tlsConnect as (...args: never[]) => Socket, state) as unknown as typeof tlsConnect,
  });
  states.set(client, state);
  return timed(client, settings.source);
}

/** Connected and bound, as far as the sockets tell (ldapts alone misses a StartTLS socket closing). */
export function isUsable(client: Client): boolean {
  const state = states.get(client);
  return client.isConnected && client.isBound && !state?.closed;
}

/** Closes a client without waiting on a server that may be gone. */
export function closeClient(client: Client): void {
  const state = states.get(client);
  if (state && (state.closed || state.upgraded)) {
    // ldapts would wait for an unbind answer on a socket it no longer watches: just hang up.
    for (const socket of state.sockets) socket.destroy();
    return;
  }
  client.unbind().catch(() => undefined);
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new Error(`${what} timed out`));
    }, ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Connects to the first server that can be used and runs `bind` on it. A server that cannot be
 * reached (or fails TLS) is skipped; a server that answers — even "invalid credentials" — ends
 * the search: its answer is thrown as is. Throws DirectoryUnreachableError when none could be used.
 */
export async function openConnection(servers: ServerList, settings: TransportSettings, bind: (client: Client) => Promise<void>): Promise<Client> {
  const problems: { url: string; problem: string }[] = [];
  let lastError: unknown;
  const ldapts = await loadLdapts();
  for (const url of servers.order()) {
    const client = createClient(ldapts, url, settings);
    try {
      if (settings.startTls) {
        const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
        const state = states.get(client);
        if (state) state.upgraded = true;
        await withTimeout(client.startTLS({ ...settings.tls, host }), settings.connectTimeoutMs + settings.operationTimeoutMs, 'StartTLS', () => closeClient(client));
      }
      await bind(client);
      servers.worked(url);
      return client;
    } catch (error) {
      closeClient(client);
      if (!isTransportError(error)) {
        servers.worked(url);
        throw error;
      }
      const problem = describeTransportError(error);
      servers.failed(url, problem);
      problems.push({ url, problem });
      lastError = error;
    }
  }
  throw new DirectoryUnreachableError(problems, { cause: lastError });
}
