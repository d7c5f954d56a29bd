// The request a piece of work belongs to, carried through async calls (AsyncLocalStorage), so every
// log line and audit event of a request names its id without each caller passing it along, and
// work can tell whether its request was already answered for it (a shutdown's deadline).
import { AsyncLocalStorage } from 'node:async_hooks';

export type RequestContext = {
  requestId: string;
  /** Set when the request was answered without its handler (shutting down): hand nothing out. */
  abandoned: boolean;
  /** Set when the handler is handing something out (keys, after their audit): let it finish. */
  committed: boolean;
  /** The request's method and URL, for an audit line that stands in for its access line. */
  method?: string;
  url?: string;
  /** Set when the request wrote an audit event. */
  audited?: boolean;
};

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `work` (and everything it starts) as part of the request `requestId`. */
export function runInRequest<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

export function currentRequest(): RequestContext | undefined {
  return storage.getStore();
}

/** Notes that the request being served wrote an audit event; its context, when there is one. */
export function noteAudited(): RequestContext | undefined {
  const context = storage.getStore();
  if (context) context.audited = true;
  return context;
}

/** The id of the request being served, when there is one. */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/**
 * Called just before something is handed out: false when the request was already answered
 * (nothing may be handed out then), true otherwise — and from then on it is not cut short.
 */
export function commitRequest(): boolean {
  const context = storage.getStore();
  if (!context) return true;
  if (context.abandoned) return false;
  context.committed = true;
  return true;
}
