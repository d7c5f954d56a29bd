// `--format json`: every role's trust policy keyed by `<account>/<role>`, federation-token roles with
// the IAM user policy Roleport's user needs instead, and the AWS-federation SAML sources' policies.
import { type BrokerPrincipal, type PolicyDocument, federationTokenUserPolicy, samlTrustPolicy } from '../../aws/index.ts';
import { type PolicyValues, type TrustPlan, trustPolicyOf } from './plan.ts';

export type RoleEntry = {
  account: string;
  roleArn: string | null;
  method: string;
  needsMfa: boolean;
  purpose?: string;
  trustPolicy?: PolicyDocument | null;
  brokerUserPolicy?: PolicyDocument;
  note?: string;
};

export const NO_OIDC_SOURCE = 'no OpenID Connect identity source is configured: nobody signs in with an ID token this role could take';

/** Why a federation-token role has no trust policy, and what Roleport's principal needs instead. */
export function federationTokenNote(principal: BrokerPrincipal | undefined): string {
  const base = "GetFederationToken: no IAM role is assumed, so there is no trust policy; Roleport's IAM user needs brokerUserPolicy (the role's policy is the session policy)";
  return principal && principal.kind !== 'user' ? `${base} — but Roleport calls AWS as ${principal.arn}, not an IAM user, and GetFederationToken needs an IAM user's long-term keys` : base;
}

export function jsonReport(plan: TrustPlan, principal: BrokerPrincipal | undefined, values: PolicyValues, principalFrom: string | undefined) {
  const roles: Record<string, RoleEntry> = {};
  for (const planned of plan.roles) {
    const { role } = planned;
    const trustPolicy = trustPolicyOf(plan, planned, values) ?? null;
    const notes: string[] = [];
    if (role.method === 'web-identity' && plan.oidcProviders.length === 0) notes.push(NO_OIDC_SOURCE);
    if (role.method === 'web-identity' && planned.needsMfa) notes.push("the role needs MFA, but a web-identity session carries the ID token's claims, not Roleport's mfa tag: Roleport's step-up is the only check");
    roles[role.key] = {
      account: role.account.id,
      roleArn: role.arn,
      method: role.method,
      needsMfa: planned.needsMfa,
      ...(planned.purpose ? { purpose: planned.purpose } : {}),
      trustPolicy,
      ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
    };
  }
  for (const planned of plan.federationToken) {
    roles[planned.role.key] = {
      account: planned.role.account.id,
      roleArn: null,
      method: 'federation-token',
      needsMfa: planned.needsMfa,
      ...(principal ? { brokerUserPolicy: federationTokenUserPolicy(planned.role, planned.needsMfa, principal) } : {}),
      note: federationTokenNote(principal),
    };
  }
  const samlFederation = Object.fromEntries(plan.saml.map((saml) => [saml.source, {
    providerName: saml.providerName,
    audiences: saml.audiences,
    note: `the roles come from the IdP's Role attribute; each needs this trust policy in its account, with the IAM SAML provider named '${saml.providerName}' there (change the name in the policy if yours differs)`,
    trustPolicies: Object.fromEntries(plan.accounts.map((account) => [account.name, samlTrustPolicy(`arn:${account.partition}:iam::${account.id}:saml-provider/${saml.providerName}`, saml.audiences)])),
  }]));
  return {
    principal: principal?.arn ?? null,
    ...(principalFrom ? { principalFrom } : {}),
    ...(principal?.note ? { notes: [principal.note] } : {}),
    roles,
    ...(plan.saml.length > 0 ? { samlFederation } : {}),
  };
}
