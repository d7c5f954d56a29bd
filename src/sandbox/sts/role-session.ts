// Issues a role session (AssumeRole and the AssumeRoleWith* actions): trust policy checked per
// action, then temporary credentials and the AssumedRoleUser AWS returns.
import { assumedRoleArn, isoSeconds } from '../ids.ts';
import type { ConsolePolicy, SandboxRole, SandboxState } from '../state.ts';
import type { IssuedSession } from '../session-credentials.ts';
import { type ConditionContext, type TrustPrincipal, evaluateTrustPolicy } from '../trust-policy.ts';
import { notAuthorized } from './errors.ts';
import type { XmlStructure } from './xml.ts';
import type { Tag } from './validation.ts';

/** Throws AccessDenied naming the first action the role's trust policy does not allow. */
export function authorizeByTrustPolicy(role: SandboxRole, principal: TrustPrincipal, actions: readonly string[], context: ConditionContext, callerArn: string): void {
  for (const action of actions) {
    const { decision } = evaluateTrustPolicy(role.trustPolicy, { principal, action, context });
    if (decision !== 'allow') throw notAuthorized(callerArn, action, role.arn);
  }
}

export type RoleSessionRequest = {
  role: SandboxRole;
  sessionName: string;
  durationSeconds: number;
  sourceIdentity?: string;
  tags: readonly Tag[];
  transitiveTagKeys: readonly string[];
  chained: boolean;
  console: ConsolePolicy;
  issuedBy: string;
};

export function issueRoleSession(state: SandboxState, now: Date, request: RoleSessionRequest): IssuedSession {
  const { role } = request;
  const issuedAt = Math.floor(now.getTime() / 1000);
  return state.sessions.issue({
    kind: 'assumed-role',
    account: role.account,
    arn: assumedRoleArn(state.partition, role.account, role.name, request.sessionName),
    userId: `${role.roleId}:${request.sessionName}`,
    roleArn: role.arn,
    roleName: role.name,
    sessionName: request.sessionName,
    sourceIdentity: request.sourceIdentity,
    tags: request.tags.length > 0 ? Object.fromEntries(request.tags.map((t) => [t.key, t.value])) : undefined,
    transitiveTagKeys: request.transitiveTagKeys.length > 0 ? [...request.transitiveTagKeys] : undefined,
    chained: request.chained || undefined,
    console: request.console,
    issuedBy: request.issuedBy,
    issuedAt,
    expiresAt: issuedAt + request.durationSeconds,
  });
}

/** The Credentials member of every credential-issuing action. */
export function credentialsXml(session: IssuedSession): XmlStructure {
  return {
    AccessKeyId: session.accessKeyId,
    SecretAccessKey: session.secretAccessKey,
    SessionToken: session.sessionToken,
    Expiration: isoSeconds(session.expiration),
  };
}

/** The AssumedRoleUser member. */
export function assumedRoleUserXml(session: IssuedSession): XmlStructure {
  return { Arn: session.claims.arn, AssumedRoleId: session.claims.userId };
}
