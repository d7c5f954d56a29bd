// Identity-based (permission) policies as AWS evaluates them: a user's policies and a role's inline
// policies, statement by statement on action, resource and conditions; an explicit Deny wins over
// any Allow, and nothing allowed is an implicit deny. Conditions are the trust evaluator's.
import { type ConditionContext, actionApplies, conditionProblems, conditionsHold, globMatch, list, lowerKeys, statementsOf } from './trust-policy.ts';

export type PermissionRequest = { action: string; resource: string; context: ConditionContext };
export type PermissionDecision = 'allow' | 'deny' | 'implicit-deny';

const STATEMENT_FIELDS = ['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];

/** Problems that make AWS refuse a permission policy (MalformedPolicyDocument); empty when it is valid. */
export function checkPermissionPolicy(policy: unknown): string[] {
  if (policy === null || typeof policy !== 'object' || Array.isArray(policy)) return ['the policy must be a JSON object'];
  const doc = policy as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(doc)) if (!['Version', 'Id', 'Statement'].includes(key)) problems.push(`unknown field ${key}`);
  if (doc.Version !== undefined && doc.Version !== '2012-10-17' && doc.Version !== '2008-10-17') problems.push('Version must be 2012-10-17 or 2008-10-17');
  const statements = statementsOf(doc);
  if (statements.length === 0) problems.push('Missing required field Statement');
  statements.forEach((raw, i) => {
    const where = `Statement[${i}]`;
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return void problems.push(`${where}: a statement must be an object`);
    const s = raw as Record<string, unknown>;
    for (const key of Object.keys(s)) {
      if (key === 'Principal' || key === 'NotPrincipal') problems.push(`${where}: Policy document should not specify a principal.`);
      else if (!STATEMENT_FIELDS.includes(key)) problems.push(`${where}: unknown field ${key}`);
    }
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') problems.push(`${where}: Effect must be Allow or Deny`);
    if ((s.Action === undefined) === (s.NotAction === undefined)) problems.push(`${where}: needs exactly one of Action and NotAction`);
    if ((s.Resource === undefined) === (s.NotResource === undefined)) problems.push(`${where}: needs exactly one of Resource and NotResource`);
    for (const field of ['Action', 'NotAction', 'Resource', 'NotResource'])
      if (s[field] !== undefined && list(s[field]).length !== (Array.isArray(s[field]) ? (s[field] as unknown[]).length : 1)) problems.push(`${where}: ${field} must be a string or a list of strings`);
    problems.push(...conditionProblems(s.Condition, where));
  });
  return problems;
}

/** The decision of a set of policies for one request: any matching Deny, else any matching Allow. */
export function evaluatePermissionPolicies(policies: readonly unknown[], request: PermissionRequest): PermissionDecision {
  const context = lowerKeys(request.context);
  let allowed = false;
  for (const policy of policies) {
    const doc = (policy ?? {}) as Record<string, unknown>;
    for (const raw of statementsOf(doc)) {
      if (!raw || typeof raw !== 'object') continue;
      const s = raw as Record<string, unknown>;
      if (!actionApplies(s, request.action) || !resourceApplies(s, request.resource)) continue;
      if (!conditionsHold(s.Condition, context, doc.Version === '2012-10-17')) continue;
      if (s.Effect === 'Deny') return 'deny';
      if (s.Effect === 'Allow') allowed = true;
    }
  }
  return allowed ? 'allow' : 'implicit-deny';
}

function resourceApplies(s: Record<string, unknown>, resource: string): boolean {
  if (s.Resource !== undefined) return list(s.Resource).some((pattern) => globMatch(resource, pattern, false));
  if (s.NotResource !== undefined) return !list(s.NotResource).some((pattern) => globMatch(resource, pattern, false));
  return false;
}
