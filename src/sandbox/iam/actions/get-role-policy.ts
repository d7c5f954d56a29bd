// GetRolePolicy: one inline policy of a role, its document URL-encoded as IAM returns it.
import type { StsAction } from '../../sts/actions/types.ts';
import { noSuchEntity } from '../../sts/errors.ts';
import { Validation, roleTarget } from '../role-target.ts';

export const getRolePolicy: StsAction = {
  signed: true,
  handle(context) {
    const { role, policyName } = roleTarget(context, 'iam:GetRolePolicy', new Validation(), { policyName: true });
    const policy = context.state.rolePolicies.get(role.arn)?.get(policyName);
    if (!policy) throw noSuchEntity(`The role policy with name ${policyName} cannot be found.`);
    return { RoleName: role.name, PolicyName: policyName, PolicyDocument: encodeURIComponent(policy.text) };
  },
};
