// The JSON API under /api/v1: the device-style sign-in for the CLI, then, with its bearer token,
// who am I, my roles, keys (credential_process JSON) and console sign-in URLs, and logout.
import express, { type Request, type Response, type Router } from 'express';
import { readSearchQuery, resolveEntitlements, searchEntitlements } from '../access/index.ts';
import { roleRegion } from '../aws/index.ts';
import { RoleportError, badRequest, notFound } from '../errors.ts';
import { type AppContext, type Caller, auditTokenRevoked, clientInfo, consoleSignInAudited, issueCredentialsAudited, readConsoleRequest, readDurationSeconds, requireEntitlementOf } from '../broker/index.ts';
import { mountAdminReview } from './admin-review.ts';
import { type Identity, storeIdentity } from '../identity/index.ts';
import type { ApiState } from './api-state.ts';
import { apiTokenOf, requireBearer } from './bearer-auth.ts';
import { readClientName } from './client-name.ts';
import { DEVICE_CODE_LIFETIME, POLL_INTERVAL } from './device-grants.ts';
import { presentCredentials, presentEntitlement, presentMe } from './presenters.ts';
import { displayUserCode } from './user-code.ts';

const body = (req: Request) => (req.body ?? {}) as Record<string, unknown>;

function roleParams(req: Request) {
  const p = req.params as Record<string, string | undefined>;
  return { account: p.account ?? '', role: p.role ?? '' };
}

/** The caller of an authenticated call, as issuance and audit want it: its step-up is the token's. */
function caller(req: Request, res: Response, ctx: AppContext): Caller {
  const token = apiTokenOf(res);
  const stepUp = { verifiedAt: token.mfa?.verifiedAt, method: token.mfa?.method, maxAge: ctx.config.mfa.tokenMaxAge, door: 'token' as const };
  const door = {
    keepIdentity: (identity: Identity) => ctx.cliTokens.updateIdentity(token.tokenHash, storeIdentity(identity)),
    async end() {
      const revoked = await ctx.cliTokens.revoke(token.tokenHash);
      if (revoked) auditTokenRevoked(ctx, token.identity, clientInfo(req), revoked, 'recheck');
    },
  };
  return { identity: token.identity, client: clientInfo(req), stepUp, door, via: 'api' };
}

function secretJson(res: Response, value: unknown) {
  res.set('Cache-Control', 'no-store');
  res.set('Pragma', 'no-cache');
  res.json(value);
}

export function createApiRouter(ctx: AppContext, state: ApiState): Router {
  const router = express.Router();
  const bearer = requireBearer(state.tokens, ctx.publicUrl);
  const entitlement = (req: Request, res: Response) => {
    const { account, role } = roleParams(req);
    return requireEntitlementOf(ctx, apiTokenOf(res).identity, clientInfo(req), account, role);
  };

  router.post('/device', async (req, res) => {
    await state.limits.consume('start', req.ip, res);
    const client = { name: readClientName(body(req).client_name), ...clientInfo(req) };
    const { deviceCode, grant } = await state.grants.start(client);
    const verificationUri = `${ctx.publicUrl}/device`;
    secretJson(res, {
      device_code: deviceCode,
      user_code: displayUserCode(grant.userCode),
      verification_uri: verificationUri,
      verification_uri_complete: `${verificationUri}?user_code=${displayUserCode(grant.userCode)}`,
      expires_in: DEVICE_CODE_LIFETIME,
      interval: POLL_INTERVAL,
    });
  });

  router.post('/device/token', async (req, res) => {
    await state.limits.consume('poll', req.ip, res);
    const deviceCode = body(req).device_code;
    if (typeof deviceCode !== 'string' || deviceCode === '' || deviceCode.length > 200) throw badRequest('send the device_code from POST /api/v1/device', 'invalid_request');
    const result = await state.grants.poll(deviceCode);
    if (result.status === 'denied' || !result.grant.approval) throw new RoleportError({ status: 400, code: 'access_denied', message: 'the sign-in was denied in the browser' });
    const { identity, tokenExpiresAt, approvedAt, mfa } = result.grant.approval;
    const issued = await state.tokens.issue(identity, tokenExpiresAt, { client: result.grant.client.name, requesterIp: result.grant.client.ip, approvedAt, mfa });
    secretJson(res, { access_token: issued.token, token_type: 'Bearer', expires_in: Math.max(0, Math.floor((issued.expiresAt.getTime() - ctx.clock().getTime()) / 1000)) });
  });

  router.get('/me', bearer, (_req, res) => {
    const token = apiTokenOf(res);
    secretJson(res, presentMe(token.identity, token.expiresAt));
  });

  router.get('/roles', bearer, (req, res) => {
    const query = readSearchQuery(req.query.q);
    secretJson(res, { roles: searchEntitlements(resolveEntitlements(apiTokenOf(res).identity, ctx.policy), query).map((entitlement) => presentEntitlement(entitlement, ctx.config.aws)) });
  });

  router.post('/roles/:account/:role/credentials', bearer, async (req, res) => {
    const durationSeconds = readDurationSeconds(body(req).durationSeconds);
    const wanted = entitlement(req, res);
    const credentials = await issueCredentialsAudited(ctx, caller(req, res, ctx), wanted, durationSeconds);
    secretJson(res, presentCredentials(credentials, roleRegion(ctx.config.aws, wanted.role)));
  });

  router.post('/roles/:account/:role/console', bearer, async (req, res) => {
    const options = readConsoleRequest({ destination: body(req).destination, region: body(req).region, durationSeconds: body(req).durationSeconds });
    const signin = await consoleSignInAudited(ctx, caller(req, res, ctx), entitlement(req, res), options);
    // A secret for 15 minutes: sent once, never cached or logged.
    secretJson(res, { url: signin.url });
  });

  router.post('/logout', bearer, async (req, res) => {
    const token = apiTokenOf(res);
    const revoked = await state.tokens.revoke(token.tokenHash);
    if (revoked) auditTokenRevoked(ctx, token.identity, clientInfo(req), revoked, 'cli-logout');
    res.status(204).end();
  });

  mountAdminReview(router, ctx, bearer);

  router.use((_req, _res, next) => next(notFound('there is no such API call; see the README, "Command line and API"')));
  return router;
}
