// AWS issuance: STS calls, console sign-in URLs, credential formats. The types below are the
// contract the web room relies on.
import type { Entitlement } from '../access/index.ts';
import type { MfaMethod, RoleportConfig } from '../config/index.ts';
import type { Identity } from '../identity/index.ts';
import type { Logger } from '../log.ts';
import { createIssuerImpl } from './issuer.ts';
import type { MethodResult } from './methods/method.ts';
import type { RoleRevocation } from './role-revocation.ts';
import type { StsState } from './sts-client.ts';

export type { StsState } from './sts-client.ts';

/** What STS issued (the method's result) and where: the keys, the ARN they act as, notices. */
export type IssuedCredentials = MethodResult & {
  method: string;
  /** `<account name>/<role name>`. */
  roleKey: string;
  accountId: string;
  /** The STS endpoint that issued them. */
  stsEndpoint: string;
  /** True when they come from the sandbox and work nowhere else. */
  sandbox: boolean;
};

/** What a console link may ask for: where it opens (a shortcut, a console path or a URL), in which region. */
export type ConsoleOptions = { destination?: string; region?: string };

export type IssueRequest = {
  identity: Identity;
  entitlement: Entitlement;
  durationSeconds?: number;
  /** How the person passed step-up, when they did: the `mfa-method` tag of roles that need MFA. */
  mfaMethod?: MfaMethod;
};

export type Issuer = {
  issueCredentials(request: IssueRequest): Promise<IssuedCredentials>;
  /** A console sign-in URL (a secret: redirect to it, never store or log it). */
  consoleSignIn(request: IssueRequest & ConsoleOptions): Promise<{ url: string; credentials: IssuedCredentials; destination: string }>;
  /** The sandbox's STS URL when Roleport issues sandbox keys (the demo); undefined with real AWS. */
  sandboxStsUrl?: string;
  /** Revoking a role's older sessions through IAM (AWSRevokeOlderSessions). */
  revocation: RoleRevocation;
  /** How STS answered last (reported by /readyz, never part of readiness). */
  stsState(): StsState;
  close(): Promise<void>;
};

/**
 * The issuer for `config`. Throws at startup when a role's issuance settings cannot work (unknown
 * tag placeholders, bad ExternalId or policy, a console destination outside the allow-list...).
 */
export function createIssuer(options: { config: RoleportConfig; logger: Logger; publicUrl?: string }): Issuer {
  return createIssuerImpl(options);
}

export { issuerConfigProblems } from './issuer.ts';
export { CREDENTIAL_FORMATS, type CredentialFormat, type FormatOptions, formatCredentials } from './credential-formats.ts';
export { fitFederationName, fitSessionName, fitSourceIdentity } from './session-name.ts';
export { issuanceDetails } from './issuance-details.ts';
export { stsClientSettings } from './sts-client.ts';
export { isCredentialFormat, isoExpiration, profileNameFor } from './credential-formats.ts';
export { CONSOLE_SHORTCUTS } from './console-shortcuts.ts';
export { type LastRevocation, type RevocationRoute, type RoleRevocation, noRevocationRoleMessage } from './role-revocation.ts';
export { REVOKE_POLICY_NAME } from './revoke-policy.ts';
export { roleRegion } from './partitions.ts';
export { type PreflightFinding, type PreflightRole, PROBE_NAME, preflight } from './preflight.ts';
export { type IssuanceFinding, issuanceFindings } from './issuance-lint.ts';
export { type BrokerPrincipal, type PolicyDocument, type PolicyValue, assumeRoleActions, assumeRoleTrustPolicy, brokerPrincipal, federationTokenUserPolicy, oidcProviderName, samlTrustPolicy, webIdentityTrustPolicy } from './trust-policy.ts';
export { brokerCallerArn } from './caller-identity.ts';
