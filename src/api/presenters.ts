// What the API sends about a person, a role or issued keys: fields copied one by one.
import type { Entitlement } from '../access/index.ts';
import { type IssuedCredentials, isoExpiration, roleRegion } from '../aws/index.ts';
import type { AwsConfig } from '../config/index.ts';
import type { Identity } from '../identity/index.ts';

export function presentMe(identity: Identity, tokenExpiresAt: Date) {
  return {
    username: identity.username,
    displayName: identity.displayName,
    groups: [...identity.groups],
    source: identity.source,
    tokenExpiresAt: tokenExpiresAt.toISOString(),
  };
}

/** `aws`: Roleport's AWS settings, for the role's region (its own, else aws.region or its partition's home). */
export function presentEntitlement({ role, reasons, mfaRequired }: Entitlement, aws: AwsConfig) {
  return {
    key: role.key,
    account: { name: role.account.name, id: role.account.id },
    name: role.name,
    description: role.description,
    arn: role.arn,
    maxDuration: role.maxDuration,
    reasons: [...reasons],
    /** Whether this role needs a second factor (verified on the approval page of `roleport login`). */
    mfaRequired: mfaRequired !== undefined,
    region: roleRegion(aws, role),
  };
}

/** The credential_process JSON (Version 1), with the ARN, the role's region and the notices for people. */
export function presentCredentials(credentials: IssuedCredentials, region: string) {
  return {
    Version: 1,
    AccessKeyId: credentials.accessKeyId,
    SecretAccessKey: credentials.secretAccessKey,
    SessionToken: credentials.sessionToken,
    Expiration: isoExpiration(credentials.expiration),
    Arn: credentials.arn,
    region,
    notices: [...credentials.notices],
    // Sandbox keys work only against the sandbox's STS: tools need its URL.
    ...(credentials.sandbox ? { sandboxStsUrl: credentials.stsEndpoint } : {}),
  };
}
