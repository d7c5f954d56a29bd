// What AWS would make of one person's issuance, checked without calling it: a session name or
// source identity Roleport must cut or change to fit STS's rules, and session tags past STS's limits
// or missing the person's values (`roleport check-config`).
import type { Entitlement } from '../access/index.ts';
import { isRoleportError } from '../errors.ts';
import type { Identity } from '../identity/index.ts';
import { FEDERATION_NAME_MAX, SESSION_NAME_MAX, fitFederationName, fitSessionName, fitSourceIdentity } from './session-name.ts';
import { buildSessionTags } from './session-tags.ts';

export type IssuanceFinding = { level: 'problem' | 'warning'; message: string };

export function issuanceFindings(identity: Identity, entitlement: Entitlement): IssuanceFinding[] {
  const { role } = entitlement;
  const findings: IssuanceFinding[] = [];
  const who = `${identity.username} (${identity.source})`;
  const federation = role.method === 'federation-token';
  if (federation || role.method === 'assume-role') {
    const fitted = federation ? fitFederationName(identity.username) : fitSessionName(identity.username);
    if (fitted !== identity.username)
      findings.push({ level: 'warning', message: `${who}: the ${federation ? 'federation name' : 'session name'} in ${role.key} will be '${fitted}', not the username (STS allows 2-${federation ? FEDERATION_NAME_MAX : SESSION_NAME_MAX} of letters, digits and + = , . @ _ -); CloudTrail shows it so` });
  }
  if (role.sourceIdentity && fitSourceIdentity(identity.username) !== identity.username)
    findings.push({ level: 'warning', message: `${who}: the SourceIdentity in ${role.key} will be '${fitSourceIdentity(identity.username)}', not the username` });
  try {
    buildSessionTags(role.sessionTags, identity, role.key);
  } catch (error) {
    if (!isRoleportError(error)) throw error;
    findings.push({ level: 'problem', message: `${who} cannot open ${role.key}: ${error.message.replace(/^Roleport cannot open \S+ for you: /, '')}` });
  }
  return findings;
}
