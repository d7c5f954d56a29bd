// Issuance for one person, audited the same way from every door (keys page, console links, the API):
// credentials.issued / credentials.refused and console.opened / console.refused, never a secret.
// Roles that need MFA are issued only after a fresh enough step-up, whatever the door. What was
// handed out becomes one of the person's recent roles, and roles marked notify: true are queued for
// the notifications webhook.
import type { Request } from 'express';
import type { Entitlement } from '../access/index.ts';
import { type IssuedCredentials, issuanceDetails } from '../aws/index.ts';
import { RoleportError, badRequest, isRoleportError } from '../errors.ts';
import { type Identity, storeIdentity } from '../identity/index.ts';
import { clientInfo } from './client-info.ts';
import type { ConsoleRequest } from './console-options.ts';
import { notifyIssuance } from './notify-issuance.ts';
import { commitRequest } from '../request-context.ts';
import type { AppContext } from './context.ts';
import { type Door, recheckIdentity } from './recheck-identity.ts';
import { recordRoleUse } from './role-choices.ts';
import { currentIdentity } from './session.ts';
import { type StepUp, assertSteppedUp, sessionStepUp } from './step-up.ts';

/**
 * Who asks, from where (see clientInfo), their last second-factor verification at this door, the
 * door itself (where a rechecked identity is kept, what ends when access does) and which it is.
 */
export type Caller = { identity: Identity; client: { ip?: string; userAgent?: string }; stepUp: StepUp; door?: Door; via: 'web' | 'api' };

type IssueContext = Pick<AppContext, 'issuer' | 'audit' | 'clock' | 'storage' | 'logger' | 'config' | 'sources' | 'policy' | 'browserSessions' | 'cliTokens' | 'notifier'>;

/** The caller and entitlement as the identity's source says now (see recheck-identity.ts). */
async function rechecked(ctx: IssueContext, caller: Caller, entitlement: Entitlement): Promise<{ caller: Caller; entitlement: Entitlement }> {
  const now = await recheckIdentity(ctx, { identity: caller.identity, entitlement, client: caller.client, door: caller.door });
  return { caller: { ...caller, identity: now.identity }, entitlement: now.entitlement };
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600 };

/** Seconds from a number, or text like `3600`, `90m`, `1h`; NaN when it is neither. */
function secondsOf(raw: unknown): number {
  if (typeof raw === 'number') return raw;
  const match = typeof raw === 'string' ? /^\s*(\d{1,6})\s*([smh]?)\s*$/.exec(raw) : null;
  return match ? Number(match[1]) * UNIT_SECONDS[match[2] || 's'] : Number.NaN;
}

/** A requested duration in seconds (a number, or text: `3600`, `90m`, `1h`); undefined when none was asked for. */
export function readDurationSeconds(raw: unknown): number | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const seconds = secondsOf(raw);
  if (!Number.isInteger(seconds) || seconds < 900 || seconds > 129600)
    throw badRequest('the duration must be a whole number of seconds (or minutes like 90m, hours like 1h) between 900 (15 minutes) and 129600 (36 hours)');
  return seconds;
}

function who(caller: Caller, entitlement: Entitlement) {
  const role = entitlement.role;
  return {
    actor: { username: caller.identity.username, source: caller.identity.source },
    target: { account: role.account.name, accountId: role.account.id, role: role.name, arn: role.arn },
    client: caller.client,
  };
}

/** The step-up method, for roles that need MFA (it becomes their `mfa-method` session tag). */
function mfaMethodOf(entitlement: Entitlement, caller: Caller) {
  return entitlement.mfaRequired ? caller.stepUp.method : undefined;
}

function refusal(error: unknown) {
  return {
    outcome: isRoleportError(error) && error.status < 500 ? ('refused' as const) : ('error' as const),
    reason: isRoleportError(error) ? `${error.code}: ${error.message}` : 'internal error',
  };
}

/**
 * Keys STS made are handed out only when the request can still be answered: a shutdown may have
 * answered it 503 meanwhile, and then the audit says they were not handed out.
 */
function handOutOrRefuse(ctx: IssueContext, event: 'credentials.refused' | 'console.refused', base: ReturnType<typeof who>, details: Record<string, string | number | boolean | undefined>): void {
  if (commitRequest()) return;
  const error = new RoleportError({ status: 503, code: 'shutting_down', message: 'Roleport is shutting down; try again in a moment' });
  ctx.audit.record({ event, ...base, ...refusal(error), reason: 'shutting_down: the request was answered before STS did; nothing was handed out', details });
  throw error;
}

export async function issueCredentialsAudited(ctx: IssueContext, asked: Caller, askedFor: Entitlement, durationSeconds: number | undefined): Promise<IssuedCredentials> {
  let credentials: IssuedCredentials;
  let caller = asked;
  let entitlement = askedFor;
  try {
    ({ caller, entitlement } = await rechecked(ctx, asked, askedFor));
    assertSteppedUp(entitlement, caller.stepUp, ctx.clock());
    credentials = await ctx.issuer.issueCredentials({ identity: caller.identity, entitlement, durationSeconds, mfaMethod: mfaMethodOf(entitlement, caller) });
  } catch (error) {
    ctx.audit.record({ event: 'credentials.refused', ...who(caller, entitlement), ...refusal(error), details: { method: entitlement.role.method, durationSeconds } });
    throw error;
  }
  handOutOrRefuse(ctx, 'credentials.refused', who(caller, entitlement), issuanceDetails(credentials));
  // Not handed out unless its audit is kept (a 503 otherwise, in the log as the failed request).
  await ctx.audit.recordKept({ event: 'credentials.issued', outcome: 'success', ...who(caller, entitlement), details: issuanceDetails(credentials) });
  await recordRoleUse(ctx, caller.identity, entitlement);
  await notifyIssuance(ctx, 'credentials.issued', caller, entitlement, credentials);
  return credentials;
}

/** A console sign-in URL: a secret for 15 minutes, to send once and never keep or log. */
export async function consoleSignInAudited(ctx: IssueContext, asked: Caller, askedFor: Entitlement, options: ConsoleRequest = {}) {
  let signin;
  let caller = asked;
  let entitlement = askedFor;
  try {
    ({ caller, entitlement } = await rechecked(ctx, asked, askedFor));
    assertSteppedUp(entitlement, caller.stepUp, ctx.clock());
    signin = await ctx.issuer.consoleSignIn({ identity: caller.identity, entitlement, ...options, mfaMethod: mfaMethodOf(entitlement, caller) });
  } catch (error) {
    ctx.audit.record({ event: 'console.refused', ...who(caller, entitlement), ...refusal(error), details: { method: entitlement.role.method, destination: options.destination, region: options.region, durationSeconds: options.durationSeconds } });
    throw error;
  }
  handOutOrRefuse(ctx, 'console.refused', who(caller, entitlement), issuanceDetails(signin.credentials));
  await ctx.audit.recordKept({
    event: 'console.opened',
    outcome: 'success',
    ...who(caller, entitlement),
    details: { ...issuanceDetails(signin.credentials), destination: signin.destination, consoleSessionDuration: signin.credentials.consoleSessionDuration },
  });
  await recordRoleUse(ctx, caller.identity, entitlement);
  await notifyIssuance(ctx, 'console.opened', caller, entitlement, signin.credentials);
  return signin;
}

/** The caller of a browser request: the signed-in person and their session's step-up. */
export function browserCaller(req: Request, ctx: Pick<AppContext, 'config' | 'browserSessions'>): Caller {
  const identity = currentIdentity(req);
  if (!identity) throw new RoleportError({ status: 401, code: 'sign_in_required', message: 'sign in first' });
  const door: Door = {
    async keepIdentity(fresh) {
      req.session.identity = storeIdentity(fresh);
    },
    async end() {
      // Saved at the end of this request as signed out, whatever else ended it meanwhile.
      req.session.identity = undefined;
      req.session.signedInAt = undefined;
      await ctx.browserSessions.forget({ source: identity.source, username: identity.username }, req.sessionID);
    },
  };
  return { identity, client: clientInfo(req), stepUp: sessionStepUp(req, ctx), door, via: 'web' };
}
