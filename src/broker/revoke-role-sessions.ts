// An administrator revokes a role's AWS sessions issued before now: AWSRevokeOlderSessions put through
// IAM, audited as role.sessions-revoked (success, or why AWS refused) with the administrator as actor.
import type { Role } from '../access/index.ts';
import { fitSessionName } from '../aws/index.ts';
import { RoleportError, isRoleportError } from '../errors.ts';
import type { Identity } from '../identity/index.ts';
import type { AppContext } from './context.ts';

type From = { ip?: string; userAgent?: string };

export async function revokeRoleSessionsAudited(ctx: Pick<AppContext, 'issuer' | 'audit' | 'clock'>, admin: Identity, role: Role, client: From): Promise<Date> {
  const base = {
    event: 'role.sessions-revoked' as const,
    actor: { username: admin.username, source: admin.source },
    target: { account: role.account.name, accountId: role.account.id, role: role.name, arn: role.arn },
    client,
  };
  if (role.method === 'federation-token')
    throw new RoleportError({ status: 400, code: 'not_revocable', message: `${role.key} is issued with GetFederationToken: there is no role to put a revocation on. Restrict the IAM user Roleport signs in with instead.` });
  try {
    const { cutoff, route } = await ctx.issuer.revocation.revoke(role, { now: ctx.clock(), sessionName: fitSessionName(admin.username) });
    await ctx.audit.recordKept({ ...base, outcome: 'success', details: { revokedBefore: cutoff.toISOString(), via: route.kind === 'revocation-role' ? route.roleArn : 'own-account' } });
    return cutoff;
  } catch (error) {
    ctx.audit.record({
      ...base,
      outcome: isRoleportError(error) && error.status < 500 ? 'refused' : 'error',
      reason: isRoleportError(error) ? `${error.code}: ${error.message}` : 'internal error',
    });
    throw error;
  }
}
