// What `roleport trust-policy` prints, worked out once for every output format: the IAM roles Roleport
// issues (assume-role and web-identity roles, and the accounts' revocation roles it assumes to call
// IAM), each with what its trust policy must allow; federation-token roles, which are no IAM role;
// and the AWS-federation SAML sources, whose roles the IdP names.
import { type AccessPolicy, type Role, roleArn, roleNeedsMfa } from '../../access/index.ts';
import { type PolicyDocument, type PolicyValue, assumeRoleTrustPolicy, oidcProviderName, webIdentityTrustPolicy } from '../../aws/index.ts';
import type { RoleportConfig } from '../../config/index.ts';
import { samlRecipients } from '../../identity/index.ts';

/** IAM's lower bound of a role's MaxSessionDuration (seconds). */
export const MAX_SESSION_DURATION_FLOOR = 3600;

export type PlannedRole = { role: Role; needsMfa: boolean; purpose?: string };
export type OidcProvider = { name: string; clientIds: string[] };
export type SamlFederation = { source: string; providerName: string; audiences: string[] };

export type TrustPlan = {
  /** Roles that are IAM roles, in the catalogue's order (revocation roles after their account's roles). */
  roles: PlannedRole[];
  federationToken: PlannedRole[];
  oidcProviders: OidcProvider[];
  saml: SamlFederation[];
  accounts: { id: string; name: string; partition: string }[];
};

/** A revocation role (`/path/Name` or `Name`) as the Role Roleport assumes: plain AssumeRole, no tags. */
function revocationRole(config: RoleportConfig, account: RoleportConfig['accounts'][number]): Role | undefined {
  if (!account.revocationRole) return undefined;
  const slash = account.revocationRole.lastIndexOf('/');
  const path = slash >= 0 ? account.revocationRole.slice(0, slash + 1) : '/';
  const name = account.revocationRole.slice(slash + 1);
  const partition = account.partition ?? config.aws.partition;
  return {
    key: `${account.name}/${name}`, name, path, arn: roleArn(partition, account.id, path, name), partition,
    account: { id: account.id, name: account.name }, method: 'assume-role', maxDuration: 3600, sourceIdentity: false, sessionTags: {},
    description: 'Roleport assumes it to call IAM in this account (revoking sessions)',
  };
}

export function planTrust(config: RoleportConfig, policy: AccessPolicy, only?: Role): TrustPlan {
  const planned: PlannedRole[] = (only ? [only] : [...policy.roles.values()]).map((role) => ({ role, needsMfa: roleNeedsMfa(policy, role) }));
  const roles = planned.filter((p) => p.role.method !== 'federation-token');
  if (!only)
    for (const account of config.accounts) {
      const role = revocationRole(config, account);
      if (role && !policy.roles.has(role.key)) roles.push({ role, needsMfa: false, purpose: 'revocation' });
    }
  const oidc = new Map<string, OidcProvider>();
  for (const source of config.identity) {
    if (source.type !== 'oidc') continue;
    const name = oidcProviderName(source.issuer);
    const provider = oidc.get(name) ?? { name, clientIds: [] };
    if (!provider.clientIds.includes(source.clientId)) provider.clientIds.push(source.clientId);
    oidc.set(name, provider);
  }
  const publicUrl = config.server.publicUrl ?? `http://localhost:${config.server.port}`;
  const saml = only ? [] : config.identity.flatMap((source) => (source.type === 'saml' && source.awsFederation ? [{ source: source.id, providerName: source.id, audiences: samlRecipients(source, publicUrl) }] : []));
  return { roles, federationToken: planned.filter((p) => p.role.method === 'federation-token'), oidcProviders: [...oidc.values()], saml, accounts: config.accounts.map((a) => ({ id: a.id, name: a.name, partition: a.partition ?? config.aws.partition })) };
}

/** How a format fills in what differs per account: the literal values, or a template's parameters. */
export type PolicyValues = { principal: PolicyValue; externalId?: (planned: PlannedRole) => PolicyValue | undefined; oidcProviderArn: (planned: PlannedRole, name: string) => PolicyValue };

/** The literal values: the principal, the configured ExternalId, the provider in the role's account. */
export function literalValues(principal: string): PolicyValues {
  return { principal, oidcProviderArn: ({ role }, name) => `arn:${role.partition}:iam::${role.account.id}:oidc-provider/${name}` };
}

/** The trust policy of an IAM role of the plan; undefined for a web-identity role when no OIDC source exists. */
export function trustPolicyOf(plan: TrustPlan, planned: PlannedRole, values: PolicyValues): PolicyDocument | undefined {
  if (planned.role.method === 'web-identity') {
    if (plan.oidcProviders.length === 0) return undefined;
    return webIdentityTrustPolicy(plan.oidcProviders.map((p) => ({ ...p, arn: values.oidcProviderArn(planned, p.name) })));
  }
  return assumeRoleTrustPolicy(planned.role, planned.needsMfa, { principal: values.principal, externalId: values.externalId?.(planned) });
}
