// UpdateAssumeRolePolicy: replaces a role's trust policy (what `roleport trust-policy --format aws-cli`
// prints the commands for), checked as IAM checks it: valid JSON, a valid trust policy, IAM's quota.
import { checkTrustPolicy } from '../../trust-policy.ts';
import type { StsAction } from '../../sts/actions/types.ts';
import { limitExceeded, malformedPolicy } from '../../sts/errors.ts';
import { POLICY_PATTERN } from '../../sts/validation.ts';
import { Validation, roleTarget } from '../role-target.ts';

/** IAM's default quota for a role trust policy (ACLSizePerRole), whitespace not counted. */
const TRUST_POLICY_CHARACTERS = 2048;

export const updateAssumeRolePolicy: StsAction = {
  signed: true,
  handle(context) {
    const v = new Validation();
    const text = context.params.get('PolicyDocument');
    if (v.required(text, 'policyDocument')) v.text(text, 'policyDocument', 1, 131_072, POLICY_PATTERN);
    const { role } = roleTarget(context, 'iam:UpdateAssumeRolePolicy', v, { policyName: false });
    let document: unknown;
    try {
      document = JSON.parse(text as string);
    } catch {
      throw malformedPolicy('This policy contains invalid Json');
    }
    const problems = checkTrustPolicy(document);
    if (problems.length > 0) throw malformedPolicy(`Invalid trust policy: ${problems[0]}`);
    if ((text as string).replace(/\s/g, '').length > TRUST_POLICY_CHARACTERS) throw limitExceeded(`Cannot exceed quota for ACLSizePerRole: ${TRUST_POLICY_CHARACTERS}`);
    role.trustPolicy = document as Record<string, unknown>;
    return {};
  },
};
