// /admin/roles: every configured role, and on /admin/roles/<account>/<role> "Revoke sessions issued
// before now" — AWSRevokeOlderSessions put on the role through IAM, so AWS refuses the keys and console
// sessions already handed out. Not offered for federation-token roles (there is no role to put it on).
import type { Request } from 'express';
import { findRole, type Role } from '../../access/index.ts';
import { REVOKE_POLICY_NAME, type RevocationRoute, type RoleRevocation, fitSessionName, noRevocationRoleMessage } from '../../aws/index.ts';
import { clientInfo, currentIdentity, revokeRoleSessionsAudited } from '../../broker/index.ts';
import { notFound } from '../../errors.ts';
import type { AdminPage } from './admin-page.ts';

const shown = (date: Date) => date.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC');
const rolePath = (role: Role) => `/admin/roles/${encodeURIComponent(role.account.name)}/${encodeURIComponent(role.name)}`;
const revocable = (role: Role) => role.method !== 'federation-token';

function roleIn(req: Request, roles: Map<string, Role>): Role {
  const { account, role } = req.params as Record<string, string | undefined>;
  const found = account && role && account.length <= 64 && role.length <= 64 ? findRole(roles, `${account}/${role}`) : undefined;
  if (!found) throw notFound('No role of Roleport’s configuration has this name.');
  return found;
}

/** What the page says about how Roleport reaches IAM for this role. */
function routeView(role: Role, route: RevocationRoute) {
  if (route.kind === 'own-account') return { available: true, via: `Roleport calls IAM in this account with its own AWS identity, ${route.brokerArn}.` };
  if (route.kind === 'revocation-role') return { available: true, via: `Roleport assumes the account’s revocation role ${route.roleArn} and calls IAM as that role.` };
  return { available: false, via: noRevocationRoleMessage(role, route) };
}

async function statusOf(revocation: RoleRevocation, role: Role, sessionName: string) {
  const route = await revocation.routeFor(role).catch((error: unknown) => error as Error);
  if (route instanceof Error) return { available: false, via: `Roleport cannot tell which AWS identity it has: ${route.message}` };
  const view = routeView(role, route);
  if (!view.available) return view;
  const last = await revocation.lastRevocation(role, { sessionName });
  const lastRevoked = last.unreadable
    ? `Roleport could not read the role’s ${REVOKE_POLICY_NAME} policy: ${last.unreadable}`
    : last.at ? `Sessions issued before ${shown(last.at)} were revoked (the role’s ${REVOKE_POLICY_NAME} policy says so).` : 'Never revoked: the role has no AWSRevokeOlderSessions policy.';
  return { ...view, lastRevoked };
}

export const rolesPage: AdminPage = {
  path: '/admin/roles',
  title: 'Roles and their AWS sessions',
  description: 'Revoke every AWS session of a role issued before now: keys and console sessions already handed out stop working.',
  mount(router, ctx) {
    router.get('/admin/roles', (_req, res) => {
      res.set('Cache-Control', 'no-store');
      const roles = [...ctx.policy.roles.values()].map((role) => ({ key: role.key, href: rolePath(role), revocable: revocable(role), method: role.method }));
      res.render('admin-roles', { title: rolesPage.title, roles });
    });

    router.get('/admin/roles/:account/:role', async (req, res) => {
      const role = roleIn(req, ctx.policy.roles);
      const admin = currentIdentity(req)!;
      const revoked = typeof req.query.revoked === 'string' && !Number.isNaN(Date.parse(req.query.revoked)) ? shown(new Date(req.query.revoked)) : undefined;
      res.set('Cache-Control', 'no-store');
      res.render('admin-role', {
        title: `Sessions of ${role.key}`,
        role: { key: role.key, arn: role.arn, method: role.method },
        revocable: revocable(role),
        revoked,
        action: `${rolePath(role)}/revoke`,
        ...(revocable(role) ? await statusOf(ctx.issuer.revocation, role, fitSessionName(admin.username)) : {}),
      });
    });

    router.post('/admin/roles/:account/:role/revoke', async (req, res) => {
      const role = roleIn(req, ctx.policy.roles);
      const cutoff = await revokeRoleSessionsAudited(ctx, currentIdentity(req)!, role, clientInfo(req));
      res.redirect(303, `${rolePath(role)}?revoked=${encodeURIComponent(cutoff.toISOString())}`);
    });
  },
};
