// The role's inline session policy and managed policy ARNs, checked against STS's limits.
import type { Role } from '../access/index.ts';
import { RoleportError } from '../errors.ts';

const POLICY_CHARS = /^[\u0009\u000A\u000D\u0020-\u00FF]+$/;
export const MAX_POLICY_LENGTH = 2048;
export const MAX_POLICY_ARNS = 10;

/** Problems with the role's policy settings; empty when STS will accept them. */
export function sessionPolicyProblems(role: Pick<Role, 'policy' | 'policyArns'>): string[] {
  const problems: string[] = [];
  if (role.policy !== undefined) {
    try {
      JSON.parse(role.policy);
    } catch {
      problems.push('its policy is not valid JSON');
    }
    if (role.policy.length > MAX_POLICY_LENGTH) problems.push(`its policy is ${role.policy.length} characters long; STS accepts at most ${MAX_POLICY_LENGTH}`);
    if (!POLICY_CHARS.test(role.policy)) problems.push('its policy contains characters STS does not accept (only tab, newlines and U+0020-U+00FF)');
  }
  if ((role.policyArns?.length ?? 0) > MAX_POLICY_ARNS) problems.push(`it has ${role.policyArns?.length} policy ARNs; STS accepts at most ${MAX_POLICY_ARNS}`);
  return problems;
}

export function sessionPolicyFor(role: Pick<Role, 'policy' | 'policyArns' | 'key'>): { Policy?: string; PolicyArns?: { arn: string }[] } {
  const problems = sessionPolicyProblems(role);
  if (problems.length > 0)
    throw new RoleportError({ status: 500, code: 'session_policy_invalid', message: `The session policy configured for ${role.key} is not valid: ${problems.join('; ')}.` });
  return {
    Policy: role.policy,
    PolicyArns: role.policyArns?.length ? role.policyArns.map((arn) => ({ arn })) : undefined,
  };
}
