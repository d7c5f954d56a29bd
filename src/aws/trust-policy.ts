// The trust policy a role needs for Roleport to issue it as configured, and the IAM user policy
// GetFederationToken needs: who may call (Roleport's AWS identity, or the SAML / OIDC provider a
// person's sign-in presents), the actions the call carries (sts:TagSession for session tags and the
// mfa tags, sts:SetSourceIdentity) and the conditions Roleport meets (ExternalId, the mfa tag). The
// preflight of check-config probes for exactly these.
import type { Role } from '../access/index.ts';
import { MFA_SESSION_TAG_KEYS } from '../config/index.ts';
import { externalIdFor } from './external-id.ts';

/** A value in a policy: text, or a CloudFormation intrinsic ({ Ref }, { 'Fn::Sub' }) standing for it. */
export type PolicyValue = string | Record<string, unknown>;
export type PolicyStatement = {
  Sid: string;
  Effect: 'Allow';
  Principal?: { AWS: PolicyValue } | { Federated: PolicyValue };
  Action: string[];
  Resource?: PolicyValue;
  Condition?: Record<string, Record<string, PolicyValue | string[]>>;
};
export type PolicyDocument = { Version: '2012-10-17'; Statement: PolicyStatement[] };

const VERSION = '2012-10-17';
const [MFA_TAG] = MFA_SESSION_TAG_KEYS;

/** Roleport's AWS identity as a trust policy names it, from the ARN GetCallerIdentity gives (or --principal). */
export type BrokerPrincipal = { arn: string; account: string; partition: string; kind: 'user' | 'role' | 'root'; note?: string };

const IAM_ARN = /^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}):(user|role)(\/(?:[\x21-\x7e]*\/)?)([\w+=,.@-]{1,64})$/;
const ROOT_ARN = /^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}):root$/;
const SESSION_ARN = /^arn:(aws|aws-cn|aws-us-gov):sts::(\d{12}):assumed-role\/([\w+=,.@-]{1,64})\/[\w+=,.@-]{2,64}$/;
const FEDERATED_ARN = /^arn:(aws|aws-cn|aws-us-gov):sts::\d{12}:federated-user\//;

/** The principal for an ARN of Roleport's identity; an error message (a string) when it cannot be one. */
export function brokerPrincipal(arn: string): BrokerPrincipal | string {
  const iam = IAM_ARN.exec(arn);
  if (iam) return { arn, partition: iam[1], account: iam[2], kind: iam[3] as 'user' | 'role' };
  const root = ROOT_ARN.exec(arn);
  if (root) return { arn, partition: root[1], account: root[2], kind: 'root', note: 'the account root trusts every principal of that account its IAM policies allow sts:AssumeRole' };
  const session = SESSION_ARN.exec(arn);
  if (session) {
    const [, partition, account, name] = session;
    // A trust policy names the role, not its session; the session ARN does not show the role's path.
    return { arn: `arn:${partition}:iam::${account}:role/${name}`, partition, account, kind: 'role', note: `${arn} is a session of the role ${name}: the policy names the role (add its path if it has one)` };
  }
  if (FEDERATED_ARN.test(arn)) return `${arn} is a federated user (GetFederationToken credentials), which cannot call AssumeRole: give Roleport an IAM user's or a role's credentials`;
  return `'${arn}' is not the ARN of an IAM user or role (arn:aws:iam::111122223333:user/roleport or arn:aws:iam::111122223333:role/roleport), an account root, or a role session`;
}

/** The actions an AssumeRole of this role carries. */
export function assumeRoleActions(role: Pick<Role, 'sessionTags' | 'sourceIdentity'>, needsMfa: boolean): string[] {
  const actions = ['sts:AssumeRole'];
  if (Object.keys(role.sessionTags).length > 0 || needsMfa) actions.push('sts:TagSession');
  if (role.sourceIdentity) actions.push('sts:SetSourceIdentity');
  return actions;
}

/**
 * The trust policy of an assume-role role: Roleport's principal, the actions its AssumeRole carries,
 * its ExternalId, and for a role that needs MFA only sessions Roleport tagged `mfa` = `true`.
 * `values` replaces the principal and the ExternalId (a CloudFormation template's parameters).
 */
export function assumeRoleTrustPolicy(role: Role, needsMfa: boolean, values: { principal: PolicyValue; externalId?: PolicyValue }): PolicyDocument {
  const equals: Record<string, PolicyValue> = {};
  const externalId = values.externalId ?? externalIdFor(role);
  if (externalId !== undefined) equals['sts:ExternalId'] = externalId;
  if (needsMfa) equals[`aws:RequestTag/${MFA_TAG}`] = 'true';
  return {
    Version: VERSION,
    Statement: [{
      Sid: 'Roleport',
      Effect: 'Allow',
      Principal: { AWS: values.principal },
      Action: assumeRoleActions(role, needsMfa),
      ...(Object.keys(equals).length > 0 ? { Condition: { StringEquals: equals } } : {}),
    }],
  };
}

/** An OIDC provider as IAM names it: the issuer URL without https:// and a final /. */
export function oidcProviderName(issuer: string): string {
  return issuer.replace(/^https:\/\//, '').replace(/\/$/, '');
}

/** A web-identity role: each OIDC provider people sign in with, for Roleport's client id (the token's aud). */
export function webIdentityTrustPolicy(providers: { name: string; arn: PolicyValue; clientIds: string[] }[]): PolicyDocument {
  return {
    Version: VERSION,
    Statement: providers.map((provider, i) => ({
      Sid: providers.length === 1 ? 'RoleportWebIdentity' : `RoleportWebIdentity${i + 1}`,
      Effect: 'Allow',
      Principal: { Federated: provider.arn },
      Action: ['sts:AssumeRoleWithWebIdentity'],
      Condition: { StringEquals: { [`${provider.name}:aud`]: provider.clientIds.length === 1 ? provider.clientIds[0] : provider.clientIds } },
    })),
  };
}

/** A role of an AWS-federation SAML source: its IAM SAML provider, for assertions sent to `audiences` (SAML:aud). */
export function samlTrustPolicy(providerArn: PolicyValue, audiences: string[]): PolicyDocument {
  return {
    Version: VERSION,
    Statement: [{
      Sid: 'RoleportSaml',
      Effect: 'Allow',
      Principal: { Federated: providerArn },
      Action: ['sts:AssumeRoleWithSAML'],
      Condition: { StringEquals: { 'SAML:aud': audiences.length === 1 ? audiences[0] : audiences } },
    }],
  };
}

/** A federation-token role has no IAM role: Roleport's IAM user needs this policy instead. */
export function federationTokenUserPolicy(role: Pick<Role, 'sessionTags'>, needsMfa: boolean, broker: Pick<BrokerPrincipal, 'partition' | 'account'>): PolicyDocument {
  const actions = ['sts:GetFederationToken'];
  if (Object.keys(role.sessionTags).length > 0 || needsMfa) actions.push('sts:TagSession');
  return {
    Version: VERSION,
    Statement: [{ Sid: 'RoleportFederationToken', Effect: 'Allow', Action: actions, Resource: `arn:${broker.partition}:sts::${broker.account}:federated-user/*` }],
  };
}
