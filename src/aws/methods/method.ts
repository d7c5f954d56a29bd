// What an issuance method (one STS action per role method) receives from the issuer and returns.
import type { STSClient } from '@aws-sdk/client-sts';
import { RoleportError } from '../../errors.ts';
import type { Role } from '../../access/index.ts';
import type { Identity } from '../../identity/index.ts';
import type { DurationChoice } from '../duration.ts';
import type { SessionTag } from '../session-tags.ts';

export type StsSendOptions = { abortSignal: AbortSignal };

export type MethodContext = {
  identity: Identity;
  role: Role;
  /** DurationSeconds the person asked for, if any. */
  requestedDuration?: number;
  /** One STS call on the role's partition endpoint: bounded by aws.stsTimeout, errors mapped for people. */
  sts<T>(action: string, send: (client: STSClient, options: StsSendOptions) => Promise<T>): Promise<T>;
  /** Whether Roleport's own credentials are temporary (AssumeRole with them is role chaining). */
  brokerIsTemporary(): Promise<boolean>;
  /** RoleSessionName (2-64) fitted from the username. */
  sessionName(): string;
  /** GetFederationToken Name (2-32) fitted from the username. */
  federationName(): string;
  /** SourceIdentity (the username, fitted) when the role asks for it. */
  sourceIdentity(): string | undefined;
  /** The role's session tags for this person, checked against STS's limits. */
  sessionTags(): SessionTag[];
  /** The role's (or its account's) ExternalId, checked. */
  externalId(): string | undefined;
  /** The role's inline session policy and managed policy ARNs, checked. */
  sessionPolicy(): { Policy?: string; PolicyArns?: { arn: string }[] };
  /** DurationSeconds within the role's maximum, `actionMax`, and the 1-hour role-chaining cap. */
  duration(actionMax: number, chained: boolean): DurationChoice;
};

/** STS's answer, reduced to what Roleport hands on. */
export type MethodResult = {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
  /** The ARN the keys act as (assumed-role or federated-user). */
  arn: string;
  sessionName: string;
  sourceIdentity?: string;
  durationSeconds: number;
  stsRequestId?: string;
  /** Things the person should know, e.g. "sessions are capped at 1 hour because ...". */
  notices: string[];
  /** SessionDuration the federation endpoint accepts with these credentials; undefined: do not send it. */
  consoleSessionDuration?: number;
};

export type IssueMethod = {
  /** The STS action it calls, for messages. */
  action: string;
  issue(context: MethodContext): Promise<MethodResult>;
};

type StsCredentials = { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string; Expiration?: Date } | undefined;

type StsAnswer = { Credentials?: StsCredentials; $metadata: { requestId?: string } };

/**
 * The keys of an STS answer, the ARN they act as and the request id; a 502 a person can quote when
 * STS left any of them out. `principal` names what the ARN is, for that message.
 */
export function takeIssued(answer: StsAnswer, arn: string | undefined, action: string, principal = 'the assumed role'): Pick<MethodResult, 'accessKeyId' | 'secretAccessKey' | 'sessionToken' | 'expiration' | 'arn' | 'stsRequestId'> {
  const { Credentials: credentials, $metadata: { requestId: stsRequestId } } = answer;
  const refuse = (what: string) =>
    new RoleportError({ status: 502, code: 'sts_bad_answer', message: `AWS STS answered ${action} without ${what}.`, detail: `STS request id: ${stsRequestId ?? 'none'}` });
  if (!arn) throw refuse(principal);
  if (!credentials?.AccessKeyId || !credentials.SecretAccessKey || !credentials.SessionToken || !(credentials.Expiration instanceof Date)) throw refuse('complete credentials');
  return {
    accessKeyId: credentials.AccessKeyId,
    secretAccessKey: credentials.SecretAccessKey,
    sessionToken: credentials.SessionToken,
    expiration: credentials.Expiration,
    arn,
    stsRequestId,
  };
}
