// The access review in the JSON API, for administrators: GET /api/v1/admin/review/roles/<account>/<role>
// and /api/v1/admin/review/people/<source>/<username>. The token must be an administrator's whose
// approval verified one of their own factors within mfa.tokenMaxAge; anyone else is refused, audited.
import type { NextFunction, Request, RequestHandler, Response, Router } from 'express';
import { type AppContext, clientInfo, isAdmin, presentPersonReview, presentRoleReview, reviewPerson, reviewRole } from '../broker/index.ts';
import { RoleportError, badRequest } from '../errors.ts';
import { apiTokenOf } from './bearer-auth.ts';

const MAX_NAME = 256;

function requireAdminToken(ctx: AppContext): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const token = apiTokenOf(res);
    const { identity } = token;
    const refuse = (code: string, message: string, reason: string) => {
      ctx.audit.record({ event: 'request.refused', outcome: 'refused', actor: { username: identity.username, source: identity.source }, client: clientInfo(req), reason: `${reason}: ${req.method} ${req.baseUrl}${req.path}` });
      return next(new RoleportError({ status: 403, code, message }));
    };
    if (!isAdmin(identity, ctx.config)) return refuse('not_admin', 'this call is for Roleport administrators', 'not an administrator');
    const verifiedAt = token.mfa?.method === 'idp' ? undefined : token.mfa?.verifiedAt;
    if (verifiedAt === undefined || ctx.clock().getTime() - verifiedAt > ctx.config.mfa.tokenMaxAge * 1000) {
      return refuse('mfa_required', 'sign in again with roleport login and confirm it is you with one of your own factors', 'administrator token without a recent own second factor');
    }
    next();
  };
}

function names(req: Request, ...keys: string[]): string[] {
  return keys.map((key) => {
    const value = (req.params as Record<string, string | undefined>)[key];
    if (!value || value.length > MAX_NAME) throw badRequest(`say which ${key} (at most ${MAX_NAME} characters)`, 'invalid_request');
    return value;
  });
}

export function mountAdminReview(router: Router, ctx: AppContext, bearer: RequestHandler): void {
  const admin = requireAdminToken(ctx);
  router.get('/admin/review/roles/:account/:role', bearer, admin, async (req, res) => {
    const [account, role] = names(req, 'account', 'role');
    res.set('Cache-Control', 'no-store');
    res.json(presentRoleReview(await reviewRole(ctx, account, role)));
  });
  router.get('/admin/review/people/:source/:username', bearer, admin, async (req, res) => {
    const [source, username] = names(req, 'source', 'username');
    res.set('Cache-Control', 'no-store');
    res.json(presentPersonReview(await reviewPerson(ctx, source, username)));
  });
}
