// Identifiers shaped like AWS's: access key ids, principal ids (AIDA/AROA), request ids, ARNs.
import { createHash, randomBytes, randomUUID } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32(bytes: Uint8Array, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += BASE32[bytes[i % bytes.length] % 32];
  return out;
}

/** A temporary access key id: ASIA + 16 characters, as STS issues. */
export function temporaryAccessKeyId(): string {
  return 'ASIA' + base32(randomBytes(16), 16);
}

/** A stable unique id for an IAM user or role (AIDA... / AROA..., 21 characters), derived from its ARN. */
export function principalId(prefix: 'AIDA' | 'AROA', arn: string): string {
  return prefix + base32(createHash('sha256').update(arn).digest(), 17);
}

export function requestId(): string {
  return randomUUID();
}

export function userArn(partition: string, account: string, name: string): string {
  return `arn:${partition}:iam::${account}:user/${name}`;
}

export function roleArn(partition: string, account: string, path: string, name: string): string {
  return `arn:${partition}:iam::${account}:role${path}${name}`;
}

export function assumedRoleArn(partition: string, account: string, roleName: string, sessionName: string): string {
  return `arn:${partition}:sts::${account}:assumed-role/${roleName}/${sessionName}`;
}

export function federatedUserArn(partition: string, account: string, name: string): string {
  return `arn:${partition}:sts::${account}:federated-user/${name}`;
}

/** `2026-11-21T21:52:01Z`: RFC 3339, Z-terminated, whole seconds, as STS writes Expiration. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `20261121T215201Z`: the SigV4 basic format. */
export function amzDate(date: Date): string {
  return isoSeconds(date).replace(/[-:]/g, '');
}
