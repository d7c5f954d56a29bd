// The STS actions the sandbox answers: action name -> handler. A new action is one file and one line
// here; unsigned actions (AssumeRoleWithSAML, AssumeRoleWithWebIdentity) say `signed: false`.
import { assumeRole } from './assume-role.ts';
import { assumeRoleWithSaml } from './assume-role-with-saml.ts';
import { assumeRoleWithWebIdentity } from './assume-role-with-web-identity.ts';
import { getCallerIdentity } from './get-caller-identity.ts';
import { getFederationToken } from './get-federation-token.ts';
import { getSessionToken } from './get-session-token.ts';
import type { StsAction } from './types.ts';

export const STS_ACTIONS: Readonly<Record<string, StsAction>> = {
  AssumeRole: assumeRole,
  AssumeRoleWithSAML: assumeRoleWithSaml,
  AssumeRoleWithWebIdentity: assumeRoleWithWebIdentity,
  GetCallerIdentity: getCallerIdentity,
  GetFederationToken: getFederationToken,
  GetSessionToken: getSessionToken,
};

export function findStsAction(name: string): StsAction | undefined {
  return Object.hasOwn(STS_ACTIONS, name) ? STS_ACTIONS[name] : undefined;
}

export type { StsAction, StsActionContext } from './types.ts';
