// Builds the configured identity sources, one per `identity:` entry, in the order the file lists them.
import type { IdentitySourceConfig, RoleportConfig } from '../config/index.ts';
import type { Logger } from '../log.ts';
import type { IdentitySource } from './identity.ts';
import { createLdapSource } from './ldap/index.ts';
import { createLocalSource } from './local.ts';
import { createOidcSource } from './oidc/index.ts';
import { createSamlSource } from './saml/index.ts';

export type SourceDeps = { logger: Logger; config: RoleportConfig; publicUrl: string };

function createSource(source: IdentitySourceConfig, deps: SourceDeps): IdentitySource {
  switch (source.type) {
    case 'local':
      return createLocalSource({ id: source.id, label: source.label, users: source.users });
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
