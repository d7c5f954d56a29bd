// Which identity sources can answer an access review, and why the others cannot.
import type { Directory, IdentitySource } from '../../identity/index.ts';

export function directoryOf(source: IdentitySource): Directory | undefined {
  return source.kind === 'password' ? source.directory : undefined;
}

/** Why a source cannot list members (or look a person up), in words for the review page. */
export function sourceNote(source: IdentitySource, what: 'list group members' | 'look a person up' = 'list group members'): string {
  switch (source.type) {
    case 'saml':
      return `a SAML source cannot ${what}: Roleport learns a person and their groups only from the assertion at sign-in (ask the IdP)`;
    case 'oidc':
      return `an OpenID Connect source cannot ${what}: Roleport learns a person and their groups only from the token at sign-in (ask the provider)`;
    case 'ldap':
      return `this LDAP source cannot ${what}: it has no service account (bind), so outside a sign-in there is nobody to search the directory as`;
    default:
      return `a ${source.type} source cannot ${what}`;
  }
}
