// The sandbox: an offline stand-in for AWS's side of the wire (STS, IAM's role policies, federation endpoint, console
// landing), strict like AWS. Imports nothing of the broker but config types.
export { type SandboxOptions, createSandboxRouter } from './router.ts';
export { type SandboxServer, type SandboxServerOptions, startSandboxServer } from './server.ts';
export { type ConditionContext, type TrustDecision, type TrustPrincipal, checkTrustPolicy, evaluateTrustPolicy } from './trust-policy.ts';
export { type PermissionDecision, checkPermissionPolicy, evaluatePermissionPolicies } from './permission-policy.ts';
