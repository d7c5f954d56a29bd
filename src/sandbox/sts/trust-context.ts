// The condition keys AWS puts in the request context of an AssumeRole* call: the caller's (aws:*)
// and the request's (sts:*, aws:RequestTag/*, aws:TagKeys), for the trust policy to test.
import { isoSeconds } from '../ids.ts';
import type { ConditionContext } from '../trust-policy.ts';
import type { Caller } from './caller.ts';
import type { Tag } from './validation.ts';

export type RequestFacts = {
  now: Date;
  sourceIp?: string;
  secureTransport: boolean;
};

/** Global keys about the moment and the connection. */
export function globalContext(facts: RequestFacts): ConditionContext {
  return {
    'aws:CurrentTime': isoSeconds(facts.now),
    'aws:EpochTime': String(Math.floor(facts.now.getTime() / 1000)),
    'aws:SecureTransport': facts.secureTransport,
    'aws:SourceIp': facts.sourceIp,
  };
}

/** Keys describing a signed caller (IAM user or session). */
export function callerContext(caller: Caller): ConditionContext {
  const session = caller.session;
  const context: ConditionContext = {
    'aws:PrincipalArn': session?.roleArn ?? caller.arn,
    'aws:PrincipalAccount': caller.account,
    'aws:PrincipalType': session?.kind === 'assumed-role' ? 'AssumedRole' : session?.kind === 'federated-user' ? 'FederatedUser' : 'User',
    'aws:userid': caller.userId,
    'aws:username': caller.user?.name ?? (session?.kind === 'user-session' ? session.userName : undefined),
    'aws:SourceIdentity': session?.sourceIdentity,
    'aws:MultiFactorAuthPresent': session ? false : undefined,
    'aws:TokenIssueTime': session ? isoSeconds(new Date(session.issuedAt * 1000)) : undefined,
    'aws:RequestedRegion': caller.region,
  };
  for (const [key, value] of Object.entries(session?.tags ?? {})) context[`aws:PrincipalTag/${key}`] = value;
  return context;
}

/** Keys of the AssumeRole* request itself. */
export function requestContext(request: { roleSessionName?: string; externalId?: string; sourceIdentity?: string; tags: readonly Tag[]; transitiveTagKeys: readonly string[] }): ConditionContext {
  const context: ConditionContext = {
    'sts:RoleSessionName': request.roleSessionName,
    'sts:ExternalId': request.externalId,
    'sts:SourceIdentity': request.sourceIdentity,
    'aws:TagKeys': request.tags.length > 0 ? request.tags.map((t) => t.key) : undefined,
    'sts:TransitiveTagKeys': request.transitiveTagKeys.length > 0 ? [...request.transitiveTagKeys] : undefined,
  };
  for (const tag of request.tags) context[`aws:RequestTag/${tag.key}`] = tag.value;
  return context;
}
