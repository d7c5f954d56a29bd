// /mfa/factors: a person's own second factors — list, name, add, remove — and new recovery codes.
import type { Request, Response } from 'express';
import {
  type AppContext,
  RECOVERY_CODE_COUNT,
  assertMayChangeFactors,
  confirmPasskeyRegistration,
  confirmTotpEnrolment,
  currentIdentity,
  issueRecoveryCodes,
  passkeyRegistrationOptions,
  personHasFactor,
  personOf,
  readFactorName,
  readWebauthnResponse,
  removeFactor,
  renameFactor,
  requireSignIn,
  type RouteModule,
  safeNextPath,
} from '../../broker/index.ts';
import type { Identity } from '../../identity/index.ts';
import { isShownOnPage, renderEnrol } from '../mfa-pages.ts';

const FACTORS = '/mfa/factors';
const KIND_LABELS = { totp: 'authenticator app', webauthn: 'passkey or security key' } as const;

function when(epochMs: number | undefined): string | undefined {
  return epochMs === undefined ? undefined : `${new Date(epochMs).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function factorId(req: Request): string {
  return String((req.params as Record<string, string>).id ?? '');
}

/** Where an enrolment that is refused for freshness sends the person to come back from. */
function enrolReturn(hasFactor: boolean, next: string): string {
  return hasFactor ? `${FACTORS}/new` : `/mfa?next=${encodeURIComponent(next)}`;
}

export function renderRecoveryCodes(res: Response, codes: string[], next: string, notice?: string) {
  res.set('Cache-Control', 'no-store');
  res.set('Referrer-Policy', 'no-referrer');
  res.render('mfa-recovery-codes', { title: 'Your recovery codes', codes, next, notice });
}

async function listFactors(req: Request, res: Response, ctx: AppContext, identity: Identity) {
  const person = personOf(identity);
  const factors = await ctx.storage.factors.list(person);
  res.set('Cache-Control', 'no-store');
  res.render('mfa-factors', {
    title: 'Second factors',
    notice: req.query.done === 'removed' ? 'The factor is removed.' : req.query.done === 'added' ? 'The factor is added.' : undefined,
    factors: factors.map((f) => ({ id: f.id, name: f.name, kindLabel: KIND_LABELS[f.kind], createdAt: when(f.createdAt), lastUsedAt: when(f.lastUsedAt) })),
    recoveryRemaining: await ctx.storage.recoveryCodes.remaining(person),
    recoveryTotal: RECOVERY_CODE_COUNT,
  });
}

type Enrol = (req: Request, identity: Identity, body: Record<string, unknown>) => Promise<void>;

/** A factor's enrolment form post: allowed now? enrolled? then the recovery codes (first factor) or on to `next`. */
function confirmEnrolment(ctx: AppContext, enrol: Enrol) {
  return async (req: Request, res: Response) => {
    const identity = currentIdentity(req)!;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const next = safeNextPath(body.next ?? FACTORS);
    const first = !(await personHasFactor(ctx, identity));
    const returnTo = enrolReturn(!first, next);
    await assertMayChangeFactors(req, ctx, identity, returnTo);
    try {
      await enrol(req, identity, body);
    } catch (error) {
      if (!isShownOnPage(error)) throw error;
      return renderEnrol(req, res, ctx, identity, { next, first, returnTo, status: error.status, error: error.message });
    }
    if (first || (await ctx.storage.recoveryCodes.remaining(personOf(identity))) === 0)
      return renderRecoveryCodes(res, await issueRecoveryCodes(ctx, identity), next, 'Your second factor is set up.');
    res.redirect(303, next === FACTORS ? `${FACTORS}?done=added` : next);
  };
}

export const mfaFactorRoutes: RouteModule = {
  name: 'mfa-factors',
  mount(router, ctx) {
    router.get(FACTORS, requireSignIn, (req, res) => listFactors(req, res, ctx, currentIdentity(req)!));

    router.get(`${FACTORS}/new`, requireSignIn, async (req, res) => {
      const identity = currentIdentity(req)!;
      const first = !(await personHasFactor(ctx, identity));
      await renderEnrol(req, res, ctx, identity, { next: FACTORS, first, returnTo: `${FACTORS}/new` });
    });

    router.post(`${FACTORS}/totp`, requireSignIn, confirmEnrolment(ctx, (req, identity, body) => confirmTotpEnrolment(req, ctx, identity, body.code, readFactorName(body.name, 'Authenticator app'))));

    router.post(`${FACTORS}/passkey/options`, requireSignIn, async (req, res) => {
      const identity = currentIdentity(req)!;
      const next = safeNextPath(req.body?.next ?? FACTORS);
      await assertMayChangeFactors(req, ctx, identity, enrolReturn(await personHasFactor(ctx, identity), next));
      res.set('Cache-Control', 'no-store');
      res.json(await passkeyRegistrationOptions(req, ctx, identity));
    });
    router.post(`${FACTORS}/passkey`, requireSignIn, confirmEnrolment(ctx, (req, identity, body) => confirmPasskeyRegistration(req, ctx, identity, readWebauthnResponse(body.response), readFactorName(body.name, 'Passkey'))));

    router.post(`${FACTORS}/recovery-codes`, requireSignIn, async (req, res) => {
      const identity = currentIdentity(req)!;
      await assertMayChangeFactors(req, ctx, identity, FACTORS);
      renderRecoveryCodes(res, await issueRecoveryCodes(ctx, identity), FACTORS, 'Your earlier recovery codes no longer work.');
    });

    router.post(`${FACTORS}/:id/rename`, requireSignIn, async (req, res) => {
      const identity = currentIdentity(req)!;
      await renameFactor(ctx, identity, factorId(req), readFactorName(req.body?.name, ''));
      res.redirect(303, FACTORS);
    });

    router.post(`${FACTORS}/:id/remove`, requireSignIn, async (req, res) => {
      const identity = currentIdentity(req)!;
      await assertMayChangeFactors(req, ctx, identity, FACTORS);
      await removeFactor(req, ctx, identity, factorId(req));
      res.redirect(303, `${FACTORS}?done=removed`);
    });
  },
};
