// What a role session may do next. Sandbox roles act as if AdministratorAccess were attached: only
// explicit Deny statements in their inline policies narrow them (AWSRevokeOlderSessions is one).
import { evaluatePermissionPolicies } from './permission-policy.ts';
import type { SandboxState } from './state.ts';
import type { Caller } from './sts/caller.ts';
import { type RequestFacts, callerContext, globalContext } from './sts/trust-context.ts';

/** True when the inline policies of the caller's role deny `action` on `resource` for this session. */
export function deniedByRolePolicies(state: SandboxState, caller: Caller, action: string, resource: string, facts: RequestFacts): boolean {
  const session = caller.session;
  if (session?.kind !== 'assumed-role' || !session.roleArn) return false;
  const policies = state.rolePolicies.get(session.roleArn);
  if (!policies || policies.size === 0) return false;
  const documents = [...policies.values()].map((policy) => policy.document);
  return evaluatePermissionPolicies(documents, { action, resource, context: { ...globalContext(facts), ...callerContext(caller) } }) === 'deny';
}
