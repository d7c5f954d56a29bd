// Who may call an IAM action, as AWS decides it: an IAM user where one of its policies allows the
// action on the resource and none denies it; a role session unless its role's inline policies deny it;
// never GetFederationToken or GetSessionToken credentials (no MFA in the sandbox).
import { evaluatePermissionPolicies } from '../permission-policy.ts';
import { deniedByRolePolicies } from '../role-denials.ts';
import { type StsActionContext, signedCaller } from '../sts/actions/types.ts';
import type { Caller } from '../sts/caller.ts';
import { accessDenied, explicitDeny } from '../sts/errors.ts';
import { callerContext, globalContext } from '../sts/trust-context.ts';

/** `resource` is the ARN policies match; `shown` how AWS names it in the message ("role ReadOnly"). */
export function authorizeIam(context: StsActionContext, action: string, resource: string, shown: string): Caller {
  const caller = signedCaller(context);
  const notAllowed = () => accessDenied(`User: ${caller.arn} is not authorized to perform: ${action} on resource: ${shown} because no identity-based policy allows the ${action} action`);
  if (caller.user) {
    const decision = evaluatePermissionPolicies(caller.user.policies, { action, resource, context: { ...globalContext(context.facts), ...callerContext(caller) } });
    if (decision === 'deny') throw explicitDeny(caller.arn, action, shown);
    if (decision !== 'allow') throw notAllowed();
    return caller;
  }
  if (caller.session?.kind !== 'assumed-role') throw notAllowed();
  if (deniedByRolePolicies(context.state, caller, action, resource, context.facts)) throw explicitDeny(caller.arn, action, shown);
  return caller;
}
