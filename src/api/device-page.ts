// The /device page: a signed-in person types the code their terminal shows, sees which client asks
// and from where, and approves or denies it (CSRF-checked forms). The page never takes the code from
// its address: a link that carries one (verification_uri_complete) opens an empty field, so a sign-in
// started by someone else cannot be approved with one click on a link they sent. Approval lends the
// CLI the person's identity until the earlier of their session's absolute timeout and 12 hours.
import type { Request, Response, Router } from 'express';
import { type AppContext, TOKEN_MAX_LIFETIME, clientInfo, currentIdentity, requireSignIn } from '../broker/index.ts';
import { storeIdentity } from '../identity/index.ts';
import type { ApiState } from './api-state.ts';
import type { DeviceGrant } from './device-grants.ts';
import { displayUserCode, normalizeUserCode } from './user-code.ts';

const UNKNOWN_CODE = 'This code is unknown, already used or expired. Check it against your terminal, or run roleport login again.';

/** IPv4 addresses as express may show them on a dual-stack socket (::ffff:a.b.c.d) compare as a.b.c.d. */
const plainAddress = (ip: string | undefined) => ip?.replace(/^::ffff:(?=\d+\.)/, '');

function presentGrant(grant: DeviceGrant, approverIp: string | undefined) {
  const requesterIp = plainAddress(grant.client.ip);
  const approver = plainAddress(approverIp);
  return {
    userCode: displayUserCode(grant.userCode),
    clientName: grant.client.name,
    clientIp: requesterIp ?? 'an unknown address',
    clientUserAgent: grant.client.userAgent,
    requestedAt: new Date(grant.createdAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    // Someone who sends a person their own code asks from their own machine, not from the person's.
    otherAddress: requesterIp !== undefined && approver !== undefined && requesterIp !== approver ? { requester: requesterIp, approver } : undefined,
  };
}

function render(res: Response, status: number, data: Record<string, unknown>) {
  res.status(status);
  res.set('Cache-Control', 'no-store');
  res.render('device', { title: 'Sign in a device', ...data });
}

/** The code typed into the form: the request it names, to approve or deny. */
async function showCode(req: Request, res: Response, state: ApiState, typed: unknown) {
  await state.limits.consume('lookup', currentIdentity(req)!.username, res);
  const userCode = normalizeUserCode(typed);
  const grant = userCode ? await state.grants.findByUserCode(userCode) : undefined;
  if (!grant || grant.status !== 'pending') return render(res, 404, { typed: String(typed ?? '').slice(0, 32), error: UNKNOWN_CODE });
  render(res, 200, { grant: presentGrant(grant, req.ip) });
}

/** A POST is either the typed code (no decision yet) or the decision on it. */
async function decide(req: Request, res: Response, ctx: AppContext, state: ApiState) {
  const identity = currentIdentity(req)!;
  const form = (req.body ?? {}) as Record<string, unknown>;
  if (form.decision === undefined) return showCode(req, res, state, form.user_code);
  const decision = form.decision === 'approve' ? 'approved' : form.decision === 'deny' ? 'denied' : undefined;
  const userCode = normalizeUserCode(form.user_code);
  await state.limits.consume('lookup', identity.username, res);
  if (!decision || !userCode) return render(res, 400, { error: 'Choose Approve or Deny for a code.' });
  const now = ctx.clock().getTime();
  const signedInAt = req.session.signedInAt ?? now;
  const tokenExpiresAt = Math.min(signedInAt + ctx.config.session.absoluteTimeout * 1000, now + TOKEN_MAX_LIFETIME * 1000);
  const grant = await state.grants.decide(userCode, decision, { identity: storeIdentity(identity), tokenExpiresAt, approvedAt: now });
  if (!grant) return render(res, 404, { error: UNKNOWN_CODE });
  ctx.audit.record({
    event: decision === 'approved' ? 'device.approved' : 'device.denied',
    outcome: 'success',
    actor: { username: identity.username, source: identity.source },
    client: clientInfo(req),
    details: { userCode: displayUserCode(grant.userCode), clientName: grant.client.name, clientIp: grant.client.ip, tokenExpiresAt: decision === 'approved' ? new Date(tokenExpiresAt).toISOString() : undefined },
  });
  render(res, 200, { decided: decision, grant: presentGrant(grant, req.ip) });
}

export function mountDevicePage(router: Router, ctx: AppContext, state: ApiState): void {
  // Whatever the query says, the field starts empty.
  router.get('/device', requireSignIn, (_req, res) => render(res, 200, {}));
  router.post('/device', requireSignIn, (req, res) => decide(req, res, ctx, state));
}
