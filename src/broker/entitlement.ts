// Looks up one role for the signed-in person (A-Z in any case): 404 when it does not exist, 403 when
// not theirs, and for a role that needs MFA, the step-up page when their verification is missing or too old.
import type { Request } from 'express';
import { type Entitlement, findEntitlement, findRole, roleKey } from '../access/index.ts';
import { RoleportError } from '../errors.ts';
import type { Identity } from '../identity/index.ts';
import { clientInfo } from './client-info.ts';
import type { AppContext } from './context.ts';
import { currentIdentity } from './session.ts';
import { assertSteppedUp, sessionStepUp, stepUpNext } from './step-up.ts';

/** `stepUp: false` for pages that only describe the role and open nothing. */
export function requireEntitlement(req: Request, ctx: AppContext, accountName: string, roleName: string, options: { stepUp?: boolean } = {}): Entitlement {
  const identity = currentIdentity(req);
  if (!identity) throw new RoleportError({ status: 401, code: 'sign_in_required', message: 'sign in first' });
  const entitlement = requireEntitlementOf(ctx, identity, clientInfo(req), accountName, roleName);
  if (options.stepUp !== false) assertSteppedUp(entitlement, sessionStepUp(req, ctx), ctx.clock(), stepUpNext(req));
  return entitlement;
}

/** The same for an identity known otherwise (an API token); `client` is the audit's "from where". */
export function requireEntitlementOf(ctx: Pick<AppContext, 'policy' | 'audit'>, identity: Identity, client: { ip?: string; userAgent?: string }, accountName: string, roleName: string): Entitlement {
  const key = roleKey(accountName, roleName);
  const role = findRole(ctx.policy.roles, key);
  const entitlement = findEntitlement(identity, ctx.policy, key);
  if (entitlement) return entitlement;
  if (!role) throw new RoleportError({ status: 404, code: 'role_not_found', message: `there is no role '${key}'` });
  ctx.audit.record({
    event: 'role.refused',
    outcome: 'refused',
    actor: { username: identity.username, source: identity.source },
    target: { account: role.account.name, accountId: role.account.id, role: role.name, arn: role.arn },
    client,
    reason: 'not entitled',
  });
  throw new RoleportError({ status: 403, code: 'not_entitled', message: `you are not entitled to the role '${role.key}'`, detail: 'Ask for access through your usual process; the role picker lists the roles you have.' });
}
