// pino-http access log: cookies, Authorization and query values that can carry codes, tokens or
// SAML messages never reach the log (redactUrl in log.ts decides which). A failed request is one
// line: the access line, carrying the error the handler met (never a made-up "failed with status
// code" error and its stack).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pinoHttp } from 'pino-http';
import { type RoleportError, isRoleportError } from '../errors.ts';
import type { RoleportConfig } from '../config/index.ts';
import { type Logger, redactUrl } from '../log.ts';
import { requestContextOf } from './request-id.ts';

type FailedResponse = ServerResponse & { err?: Error; failure?: { code: string; message: string } };

/**
 * Tells the access log why this request failed. An unexpected error is kept whole (its stack is
 * useful); a known outage (a 503 naming the directory, STS) only by its code and message.
 */
export function noteFailure(res: ServerResponse, error: unknown, known: RoleportError | undefined): void {
  const failed = res as FailedResponse;
  if (known?.expose) {
    if (known.status >= 500) failed.failure = { code: known.code, message: known.message };
    return;
  }
  if (isRoleportError(error) && error.status < 500) return;
  failed.err = error instanceof Error ? error : new Error(String(error));
}

/** Lets through `share` of the calls, evenly (every second one for 0.5), with no randomness to test around. */
function evenSampler(share: number): () => boolean {
  let credit = 0;
  return () => {
    credit += share;
    if (credit < 1) return false;
    credit -= 1;
    return true;
  };
}

export function requestLogger(logger: Logger, access: RoleportConfig['log']['access']) {
  const sampled = evenSampler(access.sample);
  return pinoHttp({
    logger,
    serializers: {
      req: (req: IncomingMessage & { id?: unknown; originalUrl?: string }) => ({ id: req.id, method: req.method, url: redactUrl(req.originalUrl ?? req.url), remoteAddress: req.socket?.remoteAddress }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req, res, error) => {
      if (error || res.statusCode >= 500) return 'error';
      if (access.audited === 'folded' && requestContextOf(res as ServerResponse & { locals?: Record<string, unknown> })?.audited) return 'silent'; // its audit line says it all
      if (res.statusCode >= 400) return 'info';
      return sampled() ? 'info' : 'silent';
    },
    customErrorObject: (_req, res, error, fields) => {
      const failed = res as FailedResponse;
      if (failed.err !== undefined || error.message !== `failed with status code ${res.statusCode}`) return fields;
      const { err: _synthetic, ...rest } = fields as Record<string, unknown>;
      return failed.failure ? { ...rest, failure: failed.failure } : rest;
    },
    customErrorMessage: (req, res) => `${req.method} ${redactUrl((req as { originalUrl?: string }).originalUrl ?? req.url)} failed with ${res.statusCode}`,
    autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/static/') },
  });
}
