// The audit details of one issuance: what was issued, to which session, never a secret.
import type { IssuedCredentials } from './index.ts';

export function issuanceDetails(credentials: IssuedCredentials): Record<string, string | number | boolean | undefined> {
  return {
    method: credentials.method,
    durationSeconds: credentials.durationSeconds,
    sessionName: credentials.sessionName,
    sourceIdentity: credentials.sourceIdentity,
    stsRequestId: credentials.stsRequestId,
    arn: credentials.arn,
    accessKeyId: credentials.accessKeyId,
    expiration: credentials.expiration.toISOString(),
  };
}
