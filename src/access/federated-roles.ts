// Roles of an AWS-federation SAML sign-in: the pairs of the assertion's Role attribute, kept where the
// access rules name them only if the rules grant them to the person, and never when a rule denies them.
import type { Partition } from '../config/index.ts';
import type { Identity } from '../identity/index.ts';
import { sameRoleKey } from './role-search.ts';
import { type Role, roleMfaReason } from './roles.ts';
import { type AccessPolicy, type Entitlement, requireMfa, resolveEntitlements, withRoleMfa } from './rules.ts';

const ROLE_ARN = /^arn:(aws[a-z-]*):iam::(\d{12}):role(\/(?:[\x21-\x7e]*\/)?)([\w+=,.@-]{1,64})$/;

type AccountInfo = Role['account'];

/** Accounts known from the configuration (from the role catalog when the policy lists none). */
function accountsOf(policy: AccessPolicy): AccountInfo[] {
  if (policy.accounts) return policy.accounts;
  const byId = new Map<string, AccountInfo>();
  for (const role of policy.roles.values()) byId.set(role.account.id, role.account);
  return [...byId.values()];
}

/** The Role object for one <role-arn>,<saml-provider-arn> pair, addressed `<account name or id>/<role name>`. */
export function federatedRole(pair: { roleArn: string; providerArn: string }, accounts: AccountInfo[], sessionDuration?: number): Role | undefined {
  const match = ROLE_ARN.exec(pair.roleArn);
  if (!match) return undefined;
  const [, partition, accountId, path, name] = match;
  const account = accounts.find((a) => a.id === accountId) ?? { id: accountId, name: accountId };
  const key = `${account.name}/${name}`;
  return {
    key,
    name,
    path,
    arn: pair.roleArn,
    account,
    partition: partition as Partition,
    method: 'saml',
    // The IAM role's own maximum is not known here; AWS caps the session at the assertion's SessionDuration.
    maxDuration: sessionDuration ?? 3600,
    sourceIdentity: false,
    sessionTags: {},
    samlProviderArn: pair.providerArn,
    mfa: roleMfaReason(key, false, account),
  };
}

/** Whether any rule's grant or deny pattern names this role key. */
function namedByRules(key: string, policy: AccessPolicy): boolean {
  return policy.rules.some((rule) => rule.grant.some((p) => p.matches(key)) || rule.deny.some((p) => p.matches(key)));
}

/**
 * The entitlements of a person signed in through an IdP's AWS application: every role the assertion
 * lists, except those the rules name and do not grant this person (or deny).
 */
export function resolveFederatedEntitlements(identity: Pick<Identity, 'groups' | 'federation'>, policy: AccessPolicy, accounts: AccountInfo[] = accountsOf(policy)): Entitlement[] {
  const federation = identity.federation;
  if (federation?.kind !== 'saml') return [];
  const out = new Map<string, Entitlement>();
  for (const pair of federation.roles) {
    const role = federatedRole(pair, accounts, federation.sessionDuration);
    if (!role || out.has(role.key)) continue;
    const reason = `the AWS sign-in's Role attribute lists ${role.arn} (SAML provider ${pair.providerArn})`;
    if (!namedByRules(role.key, policy)) {
      out.set(role.key, withRoleMfa({ role, reasons: [reason] }));
      continue;
    }
    // The rules name this role: the person must be granted it, and not denied it, like any configured role.
    const probe: AccessPolicy = { roles: new Map([[role.key, role]]), rules: policy.rules };
    const granted = resolveEntitlements(identity, probe)[0];
    if (!granted) continue;
    const entitlement = withRoleMfa({ role, reasons: [reason, ...granted.reasons] });
    for (const why of granted.mfaRequired?.reasons ?? []) requireMfa(entitlement, why);
    out.set(role.key, entitlement);
  }
  return [...out.values()].sort((a, b) => a.role.account.name.localeCompare(b.role.account.name) || a.role.name.localeCompare(b.role.name));
}

/** Everything a person may use: federated roles for an AWS-federation SAML sign-in, else the configured roles the rules grant. */
export function entitlementsFor(identity: Pick<Identity, 'groups' | 'federation'>, policy: AccessPolicy): Entitlement[] {
  return identity.federation?.kind === 'saml' ? resolveFederatedEntitlements(identity, policy) : resolveEntitlements(identity, policy);
}

/** The one entitlement for `key` (A-Z in any case, as IAM compares role names), federated or configured, or undefined when the person may not use that role. */
export function findEntitlementFor(identity: Pick<Identity, 'groups' | 'federation'>, policy: AccessPolicy, key: string): Entitlement | undefined {
  return entitlementsFor(identity, policy).find((entitlement) => sameRoleKey(entitlement.role.key, key));
}
