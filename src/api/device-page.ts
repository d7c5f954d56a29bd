// The /device page: a signed-in person types the code their terminal shows, sees which client asks
// and from where, and approves or denies it (CSRF-checked forms). The page never takes the code from
// its address: a link that carries one (verification_uri_complete) opens an empty field, so a sign-in
// started by someone else cannot be approved with one click on a link they sent. Approval lends the
// CLI the person's identity until the earlier of their session's absolute timeout and 12 hours. A
// person with roles that need MFA verifies a second factor first; its time goes on the token.
import type { Request, Response, Router } from 'express';
import { resolveEntitlements } from '../access/index.ts';
import { type AppContext, TOKEN_MAX_LIFETIME, clientInfo, currentIdentity, mfaVerifiedWithin, requireSignIn, stepUpPath } from '../broker/index.ts';
import { type Identity, storeIdentity } from '../identity/index.ts';
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

/** Whether approving would lend roles that need MFA while this session has no fresh verification. */
function needsStepUp(req: Request, ctx: AppContext, identity: Identity): boolean {
  return resolveEntitlements(identity, ctx.policy).some((e) => e.mfaRequired) && !mfaVerifiedWithin(req, ctx, ctx.config.mfa.maxAge);
}

/** The session's verification, carried onto the token for the API's step-up check. */
function tokenMfa(req: Request) {
  const { mfaVerifiedAt, mfaMethod } = req.session;
  return mfaVerifiedAt !== undefined && mfaMethod !== undefined ? { verifiedAt: mfaVerifiedAt, method: mfaMethod } : undefined;
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
  // The code stays pending: after verifying, the person types it again.
  if (decision === 'approved' && needsStepUp(req, ctx, identity)) return res.redirect(303, stepUpPath('/device'));
  const now = ctx.clock().getTime();
  const signedInAt = req.session.signedInAt ?? now;
  const tokenExpiresAt = Math.min(signedInAt + ctx.config.session.absoluteTimeout * 1000, now + TOKEN_MAX_LIFETIME * 1000);
  const grant = await state.grants.decide(userCode, decision, { identity: storeIdentity(identity), tokenExpiresAt, approvedAt: now, mfa: tokenMfa(req) });
  if (!grant) return render(res, 404, { error: UNKNOWN_CODE });
  ctx.audit.record({
    event: decision === 'approved' ? 'device.approved' : 'device.denied',
    outcome: 'success',
    actor: { username: identity.username, source: identity.source },
    client: clientInfo(req),
    details: { userCode: displayUserCode(grant.userCode), clientName: grant.client.name, clientIp: grant.client.ip, tokenExpiresAt: decision === 'approved' ? new Date(tokenExpiresAt).toISOString() : undefined, mfaMethod: decision === 'approved' ? grant.approval?.mfa?.method : undefined },
  });
  render(res, 200, { decided: decision, grant: presentGrant(grant, req.ip) });
}

export function mountDevicePage(router: Router, ctx: AppContext, state: ApiState): void {
  // A person with MFA roles verifies a second factor before typing the code to approve.
  router.get('/device', requireSignIn, (req, res) => {
    if (needsStepUp(req, ctx, currentIdentity(req)!)) return res.redirect(303, stepUpPath('/device'));
    // Whatever the query says, the field starts empty.
    render(res, 200, {});
  });
  router.post('/device', requireSignIn, (req, res) => decide(req, res, ctx, state));
}
