// Turns what STS (or the way to it) answered into a RoleportError a person can act on.
import { RoleportError } from '../errors.ts';

export type StsCallContext = {
  /** The STS action, e.g. AssumeRole. */
  action: string;
  roleArn: string;
  roleKey: string;
  endpoint: string;
  timeoutSeconds: number;
};

type SdkError = {
  name?: string;
  message?: string;
  Code?: string;
  code?: string;
  $metadata?: { requestId?: string; httpStatusCode?: number };
  cause?: unknown;
};

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'ECONNABORTED']);

function networkCode(error: SdkError): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
    const code = (current as SdkError).code;
    if (code && NETWORK_CODES.has(code)) return code;
    current = (current as SdkError).cause;
  }
  return undefined;
}

/** The code AWS sent (the raw query-protocol code, not the SDK's class name). */
export function stsErrorCode(error: unknown): string {
  const e = (error ?? {}) as SdkError;
  return e.Code ?? e.name ?? 'Error';
}

export function stsRequestId(error: unknown): string | undefined {
  return ((error ?? {}) as SdkError).$metadata?.requestId;
}

function detailOf(requestId: string | undefined, awsMessage: string | undefined, extra?: string): string {
  const parts: string[] = [];
  if (extra) parts.push(extra);
  if (awsMessage) parts.push(`AWS said: ${awsMessage}`);
  parts.push(requestId ? `STS request id: ${requestId}` : 'STS request id: none (no answer from STS)');
  return parts.join(' — ');
}

/** The RoleportError for a failed STS call; `error` is what the SDK threw. */
export function mapStsError(error: unknown, call: StsCallContext): RoleportError {
  if (error instanceof RoleportError) return error;
  const e = (error ?? {}) as SdkError;
  const code = stsErrorCode(error);
  const requestId = stsRequestId(error);
  const awsMessage = e.$metadata?.httpStatusCode ? e.message : undefined;
  const make = (status: number, roleportCode: string, message: string, extra?: string) =>
    new RoleportError({ status, code: roleportCode, message, detail: detailOf(requestId, awsMessage, extra), cause: error });

  if (code === 'TimeoutError' || code === 'AbortError' || code === 'RequestTimeout' || (!e.$metadata?.httpStatusCode && /timed? ?out|aborted/i.test(e.message ?? ''))) {
    return make(504, 'sts_timeout', `AWS STS did not answer within ${call.timeoutSeconds} second${call.timeoutSeconds === 1 ? '' : 's'}, so no ${call.roleKey} session was opened. Try again in a minute; if it keeps happening, tell the Roleport administrator.`, `Endpoint: ${call.endpoint}`);
  }
  const network = networkCode(e);
  if (network) {
    return make(503, 'sts_unreachable', `Roleport cannot reach AWS STS (${network}), so no ${call.roleKey} session was opened. Try again in a minute; if it keeps happening, tell the Roleport administrator.`, `Endpoint: ${call.endpoint}`);
  }
  if (e.name === 'CredentialsProviderError' || code === 'CredentialsProviderError') {
    return make(503, 'broker_credentials_missing', 'Roleport has no AWS credentials of its own to call STS with. The Roleport administrator must set aws.credentials or give Roleport an AWS identity.', e.message);
  }
  switch (code) {
    case 'AccessDenied':
    case 'AccessDeniedException':
      if (call.action === 'AssumeRoleWithSAML' || call.action === 'AssumeRoleWithWebIdentity') {
        const provider = call.action === 'AssumeRoleWithSAML' ? 'SAML provider (and SAML:aud)' : 'OIDC provider (and its :aud and :sub conditions)';
        return make(502, 'sts_access_denied', `AWS refused ${call.action} for ${call.roleKey}: this role's trust policy does not allow your sign-in to assume it. An AWS administrator of the role's account must trust the ${provider} your sign-in came from.`, `Role: ${call.roleArn}`);
      }
      return make(502, 'sts_access_denied', `AWS refused ${call.action} for ${call.roleKey}: this role's trust policy does not allow Roleport to assume it (with this session name, source identity, tags or external id). An AWS administrator of the role's account must allow it.`, `Role: ${call.roleArn}`);
    case 'RegionDisabledException':
      return make(502, 'sts_region_disabled', `AWS STS is not activated in this region for the account of ${call.roleKey}. An AWS administrator must activate the regional STS endpoint (IAM console, Account settings), or Roleport must use another region.`, `Endpoint: ${call.endpoint}`);
    case 'MalformedPolicyDocument':
    case 'MalformedPolicyDocumentException':
      return make(502, 'sts_malformed_policy', `AWS refused the session policy Roleport sends for ${call.roleKey} as malformed. The Roleport administrator must fix the role's policy in Roleport's configuration.`);
    case 'PackedPolicyTooLarge':
    case 'PackedPolicyTooLargeException':
      return make(502, 'sts_policy_too_large', `The session policy and session tags Roleport sends for ${call.roleKey} are too large for AWS. The Roleport administrator must shorten the role's policy or tags.`);
    case 'ValidationError':
      return make(502, 'sts_validation_error', `AWS refused the ${call.action} request for ${call.roleKey} as invalid. The Roleport administrator should check the role's settings.`);
    case 'ExpiredToken':
      return make(503, 'broker_credentials_expired', "Roleport's own AWS credentials have expired, so AWS refused the request. The Roleport administrator must renew them.");
    case 'InvalidClientTokenId':
      return make(503, 'broker_credentials_invalid', "Roleport's own AWS credentials are wrong: AWS does not know its access key. The Roleport administrator must fix aws.credentials.");
    case 'SignatureDoesNotMatch':
    case 'IncompleteSignature':
      return make(503, 'broker_credentials_invalid', "Roleport's own AWS credentials are wrong: AWS says the secret key does not match the access key (or the server's clock is off by more than 15 minutes). The Roleport administrator must fix aws.credentials or the clock.");
    case 'MissingAuthenticationToken':
      return make(503, 'broker_credentials_missing', 'Roleport sent its request to AWS STS without credentials. The Roleport administrator must set aws.credentials.');
    case 'ExpiredTokenException':
      return make(401, 'federation_token_expired', `Your sign-in token has expired, so AWS refused to open ${call.roleKey}. Sign in again and retry.`);
    case 'InvalidIdentityToken':
    case 'InvalidIdentityTokenException':
    case 'IDPRejectedClaim':
    case 'IDPRejectedClaimException':
      return make(502, 'sts_identity_rejected', `AWS did not accept your sign-in for ${call.roleKey}. Sign in again; if it keeps happening, an AWS administrator must check the role's identity provider and trust policy.`);
    case 'IDPCommunicationError':
    case 'IDPCommunicationErrorException':
      return make(503, 'sts_idp_unreachable', `AWS could not reach your identity provider to check your sign-in for ${call.roleKey}. Try again in a minute.`);
    case 'Throttling':
    case 'ThrottlingException':
      return make(503, 'sts_throttled', 'AWS STS is limiting how fast Roleport may call it. Try again in a minute.');
    default: {
      const status = e.$metadata?.httpStatusCode;
      if (status !== undefined && status >= 500)
        return make(503, 'sts_unavailable', `AWS STS failed (${code}), so no ${call.roleKey} session was opened. Try again in a minute.`);
      return make(502, 'sts_error', `AWS refused ${call.action} for ${call.roleKey} (${code}).`);
    }
  }
}
