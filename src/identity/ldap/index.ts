// The LDAP / Active Directory identity source.
export { createLdapSource, type LdapSourceDeps } from './ldap-source.ts';
export type { LdapSourceConfig } from '../../config/index.ts';
