// The role picker (the person's favourites first, then accounts with the roles they may use, their
// last roles above) and a role's "why do I have this".
import type { Response } from 'express';
import { durationChoices } from './keys.ts';
import { type Entitlement, MAX_QUERY_LENGTH, readSearchQuery, resolveEntitlements, searchEntitlements } from '../../access/index.ts';
import { CONSOLE_SHORTCUTS } from '../../aws/index.ts';
import { type RoleChoices, currentIdentity, loadRoleChoices, requireEntitlement, requireSignIn, type RouteModule } from '../../broker/index.ts';

type RoleRow = { entitlement: Entitlement; shown: boolean; starred: boolean };
/** `arnPrefix`: the ARNs of the account's roles without their name, so a row names its ARN only when it differs. */
type AccountGroup = { name: string; id: string; color?: string; description?: string; favourites: boolean; shown: boolean; arnPrefix: string; roles: RoleRow[] };

/** Rows by account, starred ones first in a group of their own; each row with whether the query shows it. */
function groupByAccount(entitlements: Entitlement[], shown: Set<Entitlement>, favourites: Set<string>): AccountGroup[] {
  const starred: AccountGroup = { name: 'Favourites', id: '', favourites: true, shown: false, arnPrefix: '', roles: [] };
  const groups = new Map<string, AccountGroup>();
  for (const entitlement of entitlements) {
    const account = entitlement.role.account;
    const isFavourite = favourites.has(entitlement.role.key);
    const group = isFavourite ? starred : (groups.get(account.name) ?? { ...account, favourites: false, shown: false, arnPrefix: `arn:${entitlement.role.partition}:iam::${account.id}:role/`, roles: [] });
    const row = { entitlement, shown: shown.has(entitlement), starred: isFavourite };
    group.roles.push(row);
    group.shown ||= row.shown;
    if (!isFavourite) groups.set(account.name, group);
  }
  return [...(starred.roles.length > 0 ? [starred] : []), ...groups.values()];
}

/** The person's last roles that they still have, the latest first. */
function recentRows(entitlements: Entitlement[], recents: string[]): Entitlement[] {
  const byKey = new Map(entitlements.map((entitlement) => [entitlement.role.key, entitlement]));
  return recents.flatMap((key) => byKey.get(key) ?? []);
}

/** "4 roles", "1 of 4 roles", as the picker's script also writes it. */
function countText(shown: number, total: number, query: string): string {
  const roles = (n: number) => `${n} role${n === 1 ? '' : 's'}`;
  if (query === '') return roles(total);
  if (shown === 0) return `No role matches \u201c${query}\u201d`;
  return `${shown} of ${roles(total)}`;
}

/**
 * Renders the picker for `entitlements`, those matching `query` shown (the rest hidden, for the
 * script to bring back as the person types); `note` explains a list narrowed by a deep link, which
 * then shows no recent roles.
 */
export function renderPicker(res: Response, entitlements: Entitlement[], choices: RoleChoices, options: { query?: string; note?: string } = {}): void {
  const query = options.query ?? '';
  const shown = new Set(searchEntitlements(entitlements, query));
  res.set('Cache-Control', 'no-store');
  res.render('picker', {
    title: 'Your AWS roles',
    accounts: groupByAccount(entitlements, shown, choices.favourites),
    recents: options.note ? [] : recentRows(entitlements, choices.recents),
    roleCount: entitlements.length,
    query,
    maxQuery: MAX_QUERY_LENGTH,
    note: options.note,
    countText: countText(shown.size, entitlements.length, query),
  });
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
    router.get('/', requireSignIn, async (req, res) => {
      const query = readSearchQuery(req.query.q);
      const identity = currentIdentity(req)!;
      renderPicker(res, resolveEntitlements(identity, ctx.policy), await loadRoleChoices(ctx, identity), { query });
    });

    router.get('/roles/:account/:role', requireSignIn, (req, res) => {
      const { account, role } = roleParams(req.params as Record<string, string>);
      const entitlement = requireEntitlement(req, ctx, account, role, { stepUp: false });
      res.set('Cache-Control', 'no-store');
      res.render('role', {
        title: entitlement.role.key,
        entitlement,
        role: entitlement.role,
        method: METHOD_WORDS[entitlement.role.method] ?? entitlement.role.method,
        longest: describeDuration(entitlement.role.maxDuration),
        consoleAction: `/console/${encodeURIComponent(entitlement.role.account.name)}/${encodeURIComponent(entitlement.role.name)}`,
        shortcuts: Object.keys(CONSOLE_SHORTCUTS),
        durations: durationChoices(entitlement.role.maxDuration),
      });
    });
  },
};
