// Builds the configured identity sources, one per `identity:` entry, in the order the file lists them.
import type { IdentitySourceConfig, RoleportConfig } from '../config/index.ts';
import type { Logger } from '../log.ts';
import type { IdentitySource } from './identity.ts';
import { createLdapSource } from './ldap/index.ts';
import { createLocalSource } from './local.ts';
import { createOidcSource } from './oidc/index.ts';
import { createSamlSource } from './saml/index.ts';

/** `clock`: Roleport's idea of now, for the sign-in times the password sources vouch for. */
export type SourceDeps = { logger: Logger; config: RoleportConfig; publicUrl: string; clock?: () => Date };

function createSource(source: IdentitySourceConfig, deps: SourceDeps): IdentitySource {
  switch (source.type) {
    case 'local':
      return createLocalSource({ id: source.id, label: source.label, users: source.users, clock: deps.clock });
    case 'ldap':
      return createLdapSource(source, deps);
    case 'oidc':
      return createOidcSource(source, deps);
    case 'saml':
      return createSamlSource(source, deps);
  }
}

export function createIdentitySources(deps: SourceDeps): IdentitySource[] {
  return deps.config.identity.map((source) => createSource(source, deps));
}
