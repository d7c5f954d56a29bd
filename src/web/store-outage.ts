// A shared store that failed a library's call (the session store's Redis: down, or past
// timeouts.store while it hangs) is an outage of a moment: 503 with what to do, not a 500.
import { RoleportError } from '../errors.ts';

/** node-redis's errors for a connection that is away, by class name (the library loads only when configured). */
const REDIS_OUTAGES = new Set(['AbortError', 'ClientClosedError', 'ClientOfflineError', 'ConnectionTimeoutError', 'DisconnectsClientError', 'SocketClosedUnexpectedlyError', 'SocketTimeoutError', 'TimeoutError']);

export function storeOutageError(error: unknown): RoleportError | undefined {
  if (!(error instanceof Error) || !REDIS_OUTAGES.has(error.constructor.name)) return undefined;
  return new RoleportError({ status: 503, code: 'store_unavailable', message: 'Roleport cannot reach its shared store for a moment; try again in a minute', cause: error });
}
