// DeleteRolePolicy: removes one inline policy of a role.
import type { StsAction } from '../../sts/actions/types.ts';
import { noSuchEntity } from '../../sts/errors.ts';
import { Validation, roleTarget } from '../role-target.ts';

export const deleteRolePolicy: StsAction = {
  signed: true,
  handle(context) {
    const { role, policyName } = roleTarget(context, 'iam:DeleteRolePolicy', new Validation(), { policyName: true });
    if (!context.state.rolePolicies.get(role.arn)?.delete(policyName)) throw noSuchEntity(`The role policy with name ${policyName} cannot be found.`);
    return {};
  },
};
