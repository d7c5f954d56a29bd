// One error handler: RoleportErrors show their message; anything else becomes a generic page.
// Every error page and JSON error carries the request id to quote. Never a stack trace.
import type { NextFunction, Request, Response } from 'express';
import { RoleportError, isRoleportError } from '../errors.ts';
import { type AppContext, currentIdentity } from '../broker/index.ts';
import { malformedRequestError } from './malformed-request.ts';
import { requestIdOf } from './request-id.ts';
import { storeOutageError } from './store-outage.ts';
import { noteFailure } from './request-logger.ts';

function wantsJson(req: Request): boolean {
  return req.path.startsWith('/api/') || (req.accepts(['html', 'json']) === 'json');
}

/** Errors thrown by libraries before our handlers (CSRF, body parsers, the router) as RoleportErrors. */
function fromLibrary(error: unknown, req: Request): RoleportError | undefined {
  if ((error as { code?: string } | undefined)?.code === 'EBADCSRFTOKEN')
    return new RoleportError({ status: 403, code: 'csrf_refused', message: 'this form has expired or did not come from Roleport; go back, reload the page and try again', cause: error });
  return malformedRequestError(error, req) ?? storeOutageError(error);
}

export function errorHandler(ctx: AppContext) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    let known = isRoleportError(error) ? error : fromLibrary(error, req);
    const requestId = requestIdOf(req);
    // The access log line of this request says what failed: once, with the real error.
    noteFailure(res, error, known);
    if (!known || !known.expose) {
      known = new RoleportError({ status: known?.status ?? 500, code: known?.code ?? 'internal_error', message: 'something went wrong on Roleport\u2019s side', detail: 'Quote the request id below to your administrator.' });
    }
    if (known.code === 'csrf_refused') {
      const identity = currentIdentity(req);
      ctx.audit.record({ event: 'request.refused', outcome: 'refused', actor: identity ? { username: identity.username, source: identity.source } : undefined, client: { ip: req.ip, userAgent: req.get('user-agent')?.slice(0, 200) }, reason: `CSRF token missing or wrong on ${req.method} ${req.path}` });
    }
    if (res.headersSent) return;
    // A page that needs a fresh second factor: the browser goes to the step-up page, which comes back.
    // A form post gets the page below with the same link, so nothing it carried is silently dropped.
    if (known.code === 'mfa_required' && known.action && req.method === 'GET' && !wantsJson(req)) {
      res.set('Cache-Control', 'no-store');
      res.redirect(303, known.action.href);
      return;
    }
    res.status(known.status);
    res.set('Cache-Control', 'no-store');
    if (wantsJson(req)) {
      res.json({ error: { code: known.code, message: known.message, detail: known.detail, action: known.action, requestId } });
      return;
    }
    res.render('error', { title: HEADINGS[known.code] ?? titleFor(known.status), status: known.status, message: known.message, detail: known.detail, code: known.code, action: known.action, requestId }, (renderError, html) => {
      if (renderError) {
        ctx.logger.error({ err: renderError }, 'the error page could not be rendered');
        res.type('text/plain').send(`${known.message}\n`);
        return;
      }
      res.send(html);
    });
  };
}

/** Headings that say what happened, by the error's code; the status decides the rest. */
const HEADINGS: Record<string, string> = {
  not_entitled: "You don't have this role",
  role_not_found: 'There is no such role',
  sign_in_required: 'Sign in first',
  csrf_refused: 'This form has expired',
  destination_not_allowed: 'That console page is not allowed',
  destination_invalid: 'That console page is not valid',
  region_invalid: 'That region is not valid',
  not_found: 'Page not found',
  too_large: 'The request is too large',
  too_many_fields: 'The form has too many fields',
  encoding_unsupported: 'The request could not be read',
  body_encoding_invalid: 'The request could not be read',
  path_malformed: 'That address is not valid',
  store_unavailable: 'Roleport is unavailable for a moment',
};

function titleFor(status: number): string {
  if (status === 401) return 'Sign-in needed';
  if (status === 403) return 'Not allowed';
  if (status === 404) return 'Not found';
  if (status === 429) return 'Too many attempts';
  if (status === 503) return 'Unavailable';
  if (status >= 500) return 'Something went wrong';
  return 'Cannot do that';
}
