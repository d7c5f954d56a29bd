// Requests in flight, for a graceful shutdown: once Roleport stops serving, answers ask clients to
// close their connection; at the deadline, every request still waiting is answered 503 "shutting
// down" (never a reset connection), except one already handing out its keys, which finishes.
import type { NextFunction, Request, Response } from 'express';
import type { RequestContext } from '../request-context.ts';

export type Drain = {
  middleware(req: Request, res: Response, next: NextFunction): void;
  /** Answers every request that is not handing something out with 503 "shutting down". */
  cutShort(): void;
  /** Resolves when no request is in flight. */
  idle(): Promise<void>;
  /** From now on, answers close their connection. */
  closing(): void;
};

const MESSAGE = 'Roleport is shutting down; try again in a moment';

function answerShuttingDown(req: Request, res: Response): void {
  const requestId = (res.locals.requestContext as RequestContext | undefined)?.requestId;
  res.status(503).set({ 'Retry-After': '1', Connection: 'close', 'Cache-Control': 'no-store' });
  if (req.path.startsWith('/api/') || req.accepts(['html', 'json']) === 'json') {
    res.json({ error: { code: 'shutting_down', message: MESSAGE, requestId } });
    return;
  }
  res.render('error', { title: 'Unavailable', status: 503, message: MESSAGE, code: 'shutting_down', requestId }, (error, html) => {
    if (error) res.type('text/plain').send(`${MESSAGE}.\n`);
    else res.send(html);
  });
}

export function createDrain(): Drain {
  const inFlight = new Map<Response, Request>();
  let waiters: (() => void)[] = [];
  let closing = false;
  const settle = () => {
    if (inFlight.size > 0) return;
    for (const wake of waiters) wake();
    waiters = [];
  };
  return {
    middleware(req, res, next) {
      inFlight.set(res, req);
      res.once('close', () => {
        inFlight.delete(res);
        settle();
      });
      if (closing) res.set('Connection', 'close');
      next();
    },
    cutShort() {
      for (const [res, req] of inFlight) {
        const context = res.locals.requestContext as RequestContext | undefined;
        if (res.headersSent || context?.committed) continue;
        if (context) context.abandoned = true;
        answerShuttingDown(req, res);
      }
    },
    idle() {
      return inFlight.size === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve));
    },
    closing() {
      closing = true;
    },
  };
}
