// Every request has an id: the X-Request-Id a trusted proxy sent (server.trustProxy), or a new one.
// It goes back in the answer's X-Request-Id, on every log line and audit event of the request, and
// on error pages, so a person can quote it and an operator can find the request.
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { type RequestContext, runInRequest } from '../request-context.ts';

const HEADER = 'x-request-id';
/** What an id from outside may look like: short, printable, nothing a log or a page must escape. */
const ACCEPTABLE_ID = /^[A-Za-z0-9._:@=+-]{1,128}$/;

type TrustFunction = (address: string | undefined, hop: number) => boolean;

/** The id a trusted proxy sent, when the peer is one and the id is acceptable. */
function fromTrustedProxy(req: Request): string | undefined {
  const sent = req.headers[HEADER];
  if (typeof sent !== 'string' || !ACCEPTABLE_ID.test(sent)) return undefined;
  const trusted = req.app.get('trust proxy fn') as TrustFunction | undefined;
  return trusted?.(req.socket.remoteAddress, 0) ? sent : undefined;
}

export function requestId() {
  return (req: Request, res: Response, next: NextFunction) => {
    const id = fromTrustedProxy(req) ?? randomUUID();
    (req as Request & { id: string }).id = id;
    res.setHeader('X-Request-Id', id);
    const context: RequestContext = { requestId: id, abandoned: false, committed: false, method: req.method, url: req.originalUrl };
    res.locals.requestContext = context;
    runInRequest(context, next);
  };
}

/** The context of this request (set by requestId()): whether it wrote an audit event. */
export function requestContextOf(res: { locals?: Record<string, unknown> }): RequestContext | undefined {
  return res.locals?.requestContext as RequestContext | undefined;
}

/** The id of this request (set by requestId()). */
export function requestIdOf(req: Request): string | undefined {
  const id = (req as Request & { id?: unknown }).id;
  return typeof id === 'string' ? id : undefined;
}
