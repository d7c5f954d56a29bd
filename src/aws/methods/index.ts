// The issuance methods by name (a role's `method`); each is one STS action in its own file.
import { assumeRole } from './assume-role.ts';
import { federationToken } from './federation-token.ts';
import type { IssueMethod } from './method.ts';
import { saml } from './saml.ts';
import { webIdentity } from './web-identity.ts';

export type { IssueMethod, MethodContext, MethodResult, StsSendOptions } from './method.ts';

export const issueMethods: Record<string, IssueMethod> = {
  'assume-role': assumeRole,
  'federation-token': federationToken,
  'web-identity': webIdentity,
  saml,
};
