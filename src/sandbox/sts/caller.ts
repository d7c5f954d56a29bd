// The principal behind a signed request: an IAM user's long-term keys or a session's temporary keys.
import type { SandboxUser, SessionClaims } from '../state.ts';

export type Caller = {
  accessKeyId: string;
  account: string;
  /** The ARN AWS names in errors and GetCallerIdentity. */
  arn: string;
  userId: string;
  /** Set for long-term IAM-user keys. */
  user?: SandboxUser;
  /** Set for temporary credentials. */
  session?: SessionClaims;
  /** The region the request was signed for (aws:RequestedRegion). */
  region?: string;
};

export function callerFromUser(user: SandboxUser): Caller {
  return { accessKeyId: user.accessKeyId, account: user.account, arn: user.arn, userId: user.userId, user };
}

export function callerFromSession(claims: SessionClaims): Caller {
  return { accessKeyId: claims.accessKeyId, account: claims.account, arn: claims.arn, userId: claims.userId, session: claims };
}
