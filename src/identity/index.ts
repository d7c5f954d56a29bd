export * from './identity.ts';
export { hashPassword, verifyPassword, parseHashCost, DEFAULT_SCRYPT_COST, type ScryptCost } from './password-hash.ts';
export { createLocalSource } from './local.ts';
export { WRONG_CREDENTIALS } from './sign-in-errors.ts';
export { createIdentitySources, type SourceDeps } from './sources.ts';
export { createLdapSource } from './ldap/index.ts';
export { createOidcSource, isOidcSource, type OidcSource, type PendingLogin } from './oidc/index.ts';
export { createSamlSource, isSamlSource, samlRecipients, type SamlSource, type ReplayCache, createMemoryReplayCache } from './saml/index.ts';
