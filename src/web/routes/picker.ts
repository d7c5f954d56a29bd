// The role picker (accounts with the roles the person may use) and a role's "why do I have this".
import { type Entitlement, resolveEntitlements } from '../../access/index.ts';
import { requireEntitlement } from '../entitlement.ts';
import { currentIdentity, requireSignIn } from '../session.ts';
import type { RouteModule } from './route-module.ts';

type AccountGroup = { name: string; id: string; color?: string; description?: string; roles: Entitlement[] };

function groupByAccount(entitlements: Entitlement[]): AccountGroup[] {
  const groups = new Map<string, AccountGroup>();
  for (const entitlement of entitlements) {
    const account = entitlement.role.account;
    const group = groups.get(account.name) ?? { ...account, roles: [] };
    group.roles.push(entitlement);
    groups.set(account.name, group);
  }
  return [...groups.values()];
}

function roleParams(params: Record<string, string>) {
  return { account: params.account ?? '', role: params.role ?? '' };
}

export const pickerRoutes: RouteModule = {
  name: 'picker',
  mount(router, ctx) {
    router.get('/', requireSignIn, (req, res) => {
      const identity = currentIdentity(req)!;
      const entitlements = resolveEntitlements(identity, ctx.policy);
      res.set('Cache-Control', 'no-store');
      res.render('picker', { title: 'Your AWS roles', accounts: groupByAccount(entitlements), roleCount: entitlements.length });
    });

    router.get('/roles/:account/:role', requireSignIn, (req, res) => {
      const { account, role } = roleParams(req.params as Record<string, string>);
      const entitlement = requireEntitlement(req, ctx, account, role);
      res.set('Cache-Control', 'no-store');
      res.render('role', { title: entitlement.role.key, entitlement, role: entitlement.role });
    });
  },
};
