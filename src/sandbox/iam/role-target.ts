// The role an IAM role-policy action names: RoleName checked, the caller authorized on it, then found
// in the caller's own account (IAM acts on no other), or NoSuchEntity.
import { roleArn } from '../ids.ts';
import { type SandboxRole, findRole } from '../state.ts';
import type { StsActionContext } from '../sts/actions/types.ts';
import { noSuchEntity } from '../sts/errors.ts';
import { Validation } from '../sts/validation.ts';
import { authorizeIam } from './authorize.ts';

/** IAM's pattern for role and policy names. */
const IAM_NAME_PATTERN = '[\\w+=,.@-]+';

/** Reads RoleName (and with `policyName`, PolicyName), authorizes `action` and finds the role. */
export function roleTarget(context: StsActionContext, action: string, v: Validation, options: { policyName: boolean }): { role: SandboxRole; policyName: string } {
  const roleName = context.params.get('RoleName');
  if (v.required(roleName, 'roleName')) v.text(roleName, 'roleName', 1, 64, IAM_NAME_PATTERN);
  const policyName = options.policyName ? context.params.get('PolicyName') : '';
  if (options.policyName && v.required(policyName, 'policyName')) v.text(policyName, 'policyName', 1, 128, IAM_NAME_PATTERN);
  v.throwIfAny();
  const name = roleName as string;
  const account = context.caller?.account ?? '';
  const role = findRole(context.state, account, name);
  authorizeIam(context, action, role?.arn ?? roleArn(context.state.partition, account, '/', name), `role ${name}`);
  if (!role) throw noSuchEntity(`The role with name ${name} cannot be found.`);
  return { role, policyName: policyName as string };
}

export { Validation };
