// PutRolePolicy: adds or replaces an inline policy of a role (AWSRevokeOlderSessions is one).
import { checkPermissionPolicy } from '../../permission-policy.ts';
import type { StsAction } from '../../sts/actions/types.ts';
import { limitExceeded, malformedPolicy } from '../../sts/errors.ts';
import { POLICY_PATTERN } from '../../sts/validation.ts';
import { Validation, roleTarget } from '../role-target.ts';

/** IAM's quota: a role's inline policies together, whitespace not counted. */
const ROLE_POLICY_CHARACTERS = 10_240;

export const putRolePolicy: StsAction = {
  signed: true,
  handle(context) {
    const v = new Validation();
    const text = context.params.get('PolicyDocument');
    if (v.required(text, 'policyDocument')) v.text(text, 'policyDocument', 1, 131_072, POLICY_PATTERN);
    const { role, policyName } = roleTarget(context, 'iam:PutRolePolicy', v, { policyName: true });
    let document: unknown;
    try {
      document = JSON.parse(text as string);
    } catch {
      throw malformedPolicy('This policy contains invalid Json');
    }
    const problems = checkPermissionPolicy(document);
    if (problems.length > 0) throw malformedPolicy(problems.some((p) => p.includes('principal')) ? 'Policy document should not specify a principal.' : 'Syntax errors in policy.');
    const policies = context.state.rolePolicies.get(role.arn) ?? new Map();
    const others = [...policies].filter(([name]) => name !== policyName).map(([, policy]) => policy.text);
    const size = [...others, text as string].reduce((sum, t) => sum + t.replace(/\s/g, '').length, 0);
    if (size > ROLE_POLICY_CHARACTERS) throw limitExceeded(`Maximum policy size of ${ROLE_POLICY_CHARACTERS} bytes exceeded for role ${role.name}`);
    policies.set(policyName, { text: text as string, document });
    context.state.rolePolicies.set(role.arn, policies);
    return {};
  },
};
