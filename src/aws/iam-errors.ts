// Turns what IAM (or the way to it) answered into a RoleportError an administrator can act on; a
// missing permission names the permission and who needs it.
import { RoleportError } from '../errors.ts';
import { stsErrorCode, stsRequestId } from './sts-errors.ts';

export type IamCallContext = {
  /** The IAM permission the call needs, e.g. iam:PutRolePolicy. */
  permission: string;
  roleKey: string;
  roleArn: string;
  /** Who called IAM: Roleport's own identity or the account's revocation role (an ARN). */
  caller: string;
  endpoint: string;
};

export function mapIamError(error: unknown, call: IamCallContext): RoleportError {
  if (error instanceof RoleportError) return error;
  const code = stsErrorCode(error);
  const requestId = stsRequestId(error);
  const e = (error ?? {}) as { message?: string; $metadata?: { httpStatusCode?: number } };
  const detail = [e.$metadata?.httpStatusCode ? `AWS said: ${e.message}` : undefined, requestId ? `IAM request id: ${requestId}` : `IAM endpoint: ${call.endpoint} (no answer)`].filter(Boolean).join(' — ');
  const make = (status: number, roleportCode: string, message: string) => new RoleportError({ status, code: roleportCode, message, detail, cause: error });
  switch (code) {
    case 'AccessDenied':
    case 'AccessDeniedException':
      return make(502, 'iam_permission_missing', `AWS refused ${call.permission} on ${call.roleKey}: ${call.caller} needs the permission ${call.permission} on ${call.roleArn}. An AWS administrator of the role's account must allow it.`);
    case 'NoSuchEntity':
    case 'NoSuchEntityException':
      return make(502, 'iam_role_not_found', `IAM has no role ${call.roleArn} (${call.roleKey}) in the account ${call.caller} acts in. Check the role's account and name in Roleport's configuration.`);
    case 'Throttling':
    case 'ThrottlingException':
      return make(503, 'iam_throttled', 'AWS IAM is limiting how fast Roleport may call it. Try again in a minute.');
    default:
      if (!e.$metadata?.httpStatusCode || e.$metadata.httpStatusCode >= 500)
        return make(503, 'iam_unavailable', `AWS IAM did not answer ${call.permission} for ${call.roleKey} (${code}). Try again in a minute.`);
      return make(502, 'iam_error', `AWS refused ${call.permission} on ${call.roleKey} (${code}).`);
  }
}
