// The role picker (accounts with the roles the person may use) and a role's "why do I have this".
import { type Entitlement, resolveEntitlements } from '../../access/index.ts';
import { currentIdentity, requireEntitlement, requireSignIn, type RouteModule } from '../../broker/index.ts';

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

const METHOD_WORDS: Record<string, string> = {
  'assume-role': "AssumeRole, with Roleport's own AWS credentials",
  'federation-token': "GetFederationToken, with Roleport's IAM user and the role's policy",
  'web-identity': 'AssumeRoleWithWebIdentity, with your OpenID Connect sign-in',
  saml: 'AssumeRoleWithSAML, with your SAML sign-in',
};

/** 43200 -> "12 hours", 5400 -> "1 hour 30 minutes". */
export function describeDuration(seconds: number): string {
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.round((seconds % 3600) / 60);
  const parts = [hours && `${hours} hour${hours === 1 ? '' : 's'}`, minutes && `${minutes} minute${minutes === 1 ? '' : 's'}`].filter(Boolean);
  return parts.join(' ') || `${seconds} seconds`;
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
      res.render('role', { title: entitlement.role.key, entitlement, role: entitlement.role, method: METHOD_WORDS[entitlement.role.method] ?? entitlement.role.method, longest: describeDuration(entitlement.role.maxDuration) });
    });
  },
};
