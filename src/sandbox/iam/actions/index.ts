// The IAM actions the sandbox answers: the inline policies of roles (what revoking sessions needs) and
// a role's trust policy (what `roleport trust-policy` installs).
import type { StsAction } from '../../sts/actions/types.ts';
import { deleteRolePolicy } from './delete-role-policy.ts';
import { getRolePolicy } from './get-role-policy.ts';
import { listRolePolicies } from './list-role-policies.ts';
import { putRolePolicy } from './put-role-policy.ts';
import { updateAssumeRolePolicy } from './update-assume-role-policy.ts';

export const IAM_ACTIONS: Readonly<Record<string, StsAction>> = {
  DeleteRolePolicy: deleteRolePolicy,
  GetRolePolicy: getRolePolicy,
  ListRolePolicies: listRolePolicies,
  PutRolePolicy: putRolePolicy,
  UpdateAssumeRolePolicy: updateAssumeRolePolicy,
};

export function findIamAction(name: string): StsAction | undefined {
  return Object.hasOwn(IAM_ACTIONS, name) ? IAM_ACTIONS[name] : undefined;
}
