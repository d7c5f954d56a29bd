// AWS issuance: STS calls, console sign-in URLs, credential formats. (Being built; the shape below
// is the contract the web room relies on.)
import type { Entitlement } from '../access/index.ts';
import type { RoleportConfig } from '../config/index.ts';
import type { Identity } from '../identity/index.ts';
import type { Logger } from '../log.ts';

export type IssuedCredentials = {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
  /** The ARN the keys act as (assumed-role or federated-user). */
  arn: string;
  sessionName: string;
  sourceIdentity?: string;
  durationSeconds: number;
  method: string;
  stsRequestId?: string;
  /** Things the person should know, e.g. "sessions are capped at 1 hour because ...". */
  notices: string[];
};

export type IssueRequest = { identity: Identity; entitlement: Entitlement; durationSeconds?: number };

export type Issuer = {
  issueCredentials(request: IssueRequest): Promise<IssuedCredentials>;
  /** A console sign-in URL (a secret: redirect to it, never store or log it). */
  consoleSignIn(request: IssueRequest & { destination?: string }): Promise<{ url: string; credentials: IssuedCredentials }>;
  close(): Promise<void>;
};

export function createIssuer(_options: { config: RoleportConfig; logger: Logger }): Issuer {
  const unavailable = async (): Promise<never> => {
    throw new Error('AWS issuance is not available yet');
  };
  return { issueCredentials: unavailable, consoleSignIn: unavailable, close: async () => {} };
}
