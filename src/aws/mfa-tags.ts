// The session tags that tell AWS a role session passed Roleport's step-up: `mfa` = `true` and
// `mfa-method`, set by Roleport alone (a role's own sessionTags may not use these keys), so a trust
// policy can refuse an AssumeRole that lacks them.
import type { Entitlement } from '../access/index.ts';
import { MFA_SESSION_TAG_KEYS, type MfaMethod } from '../config/index.ts';
import { RoleportError } from '../errors.ts';
import type { SessionTag } from './session-tags.ts';

const [MFA_TAG, MFA_METHOD_TAG] = MFA_SESSION_TAG_KEYS;

/** Tags for an entitlement that needs MFA (none otherwise); without a verification method it is refused. */
export function mfaSessionTags(entitlement: Entitlement, method: MfaMethod | undefined): SessionTag[] {
  if (!entitlement.mfaRequired) return [];
  if (!method)
    throw new RoleportError({ status: 403, code: 'mfa_required', message: `${entitlement.role.key} needs a second factor, and this request carries no verification.` });
  return [{ Key: MFA_TAG, Value: 'true' }, { Key: MFA_METHOD_TAG, Value: method }];
}
