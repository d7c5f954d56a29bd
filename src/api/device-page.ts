// The /device page: a signed-in person checks the code their terminal shows, sees which client asks
// and from where, and approves or denies it (a CSRF-checked form). Approval lends the CLI their
// identity until the earlier of their session's absolute timeout and 12 hours.
import type { Request, Response, Router } from 'express';
import { type AppContext, clientInfo, currentIdentity, requireSignIn } from '../broker/index.ts';
import { storeIdentity } from '../identity/index.ts';
import type { ApiState } from './api-state.ts';
import { TOKEN_MAX_LIFETIME } from './api-tokens.ts';
import type { DeviceGrant } from './device-grants.ts';
import { displayUserCode, normalizeUserCode } from './user-code.ts';

function presentGrant(grant: DeviceGrant) {
  return {
    userCode: displayUserCode(grant.userCode),
    clientName: grant.client.name ?? 'an unnamed client',
    clientIp: grant.client.ip ?? 'an unknown address',
    clientUserAgent: grant.client.userAgent,
    requestedAt: new Date(grant.createdAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
}

function render(res: Response, status: number, data: Record<string, unknown>) {
  res.status(status);
  res.set('Cache-Control', 'no-store');
  res.render('device', { title: 'Sign in a device', ...data });
}

async function showCode(req: Request, res: Response, state: ApiState) {
  const typed = req.query.user_code;
  if (typed === undefined || typed === '') return render(res, 200, {});
  await state.limits.consume('lookup', currentIdentity(req)!.username, res);
  const userCode = normalizeUserCode(typed);
  const grant = userCode ? await state.grants.findByUserCode(userCode) : undefined;
  if (!grant || grant.status !== 'pending') {
    return render(res, 404, { typed: String(typed).slice(0, 32), error: 'This code is unknown, already used or expired. Check it against your terminal, or run roleport login again.' });
  }
  render(res, 200, { grant: presentGrant(grant) });
}

async function decide(req: Request, res: Response, ctx: AppContext, state: ApiState) {
  const identity = currentIdentity(req)!;
  await state.limits.consume('lookup', identity.username, res);
  const form = (req.body ?? {}) as Record<string, unknown>;
  const decision = form.decision === 'approve' ? 'approved' : form.decision === 'deny' ? 'denied' : undefined;
  const userCode = normalizeUserCode(form.user_code);
  if (!decision || !userCode) return render(res, 400, { error: 'Choose Approve or Deny for a code.' });
  const now = ctx.clock().getTime();
  const signedInAt = req.session.signedInAt ?? now;
  const tokenExpiresAt = Math.min(signedInAt + ctx.config.session.absoluteTimeout * 1000, now + TOKEN_MAX_LIFETIME * 1000);
  const grant = await state.grants.decide(userCode, decision, { identity: storeIdentity(identity), tokenExpiresAt });
  if (!grant) return render(res, 404, { error: 'This code is unknown, already used or expired. Run roleport login again.' });
  ctx.audit.record({
    event: decision === 'approved' ? 'device.approved' : 'device.denied',
    outcome: 'success',
    actor: { username: identity.username, source: identity.source },
    client: clientInfo(req),
    details: { userCode: displayUserCode(grant.userCode), clientName: grant.client.name, clientIp: grant.client.ip, tokenExpiresAt: decision === 'approved' ? new Date(tokenExpiresAt).toISOString() : undefined },
  });
  render(res, 200, { decided: decision, grant: presentGrant(grant) });
}

export function mountDevicePage(router: Router, ctx: AppContext, state: ApiState): void {
  router.get('/device', requireSignIn, (req, res) => showCode(req, res, state));
  router.post('/device', requireSignIn, (req, res) => decide(req, res, ctx, state));
}
