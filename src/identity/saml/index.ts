// SAML 2.0 sign-in: the `saml` source (service provider), its checks, the replay cache, AWS's attributes.
export { createSamlSource, isSamlSource, samlRecipients, SAML_SESSION_KEYS, type SamlSource, type SamlSourceDeps, type SamlLogoutMessage } from './source.ts';
export { createMemoryReplayCache, type ReplayCache } from './replay-cache.ts';
export { createMemoryRequestCache } from './request-cache.ts';
export { parseIdpMetadata, type IdpDescription } from './idp-metadata.ts';
export { groupName, mapAttributes, normalizeAttributes } from './attributes.ts';
export { AWS_AUDIENCE, AWS_ROLE_ATTRIBUTE, AWS_ROLE_SESSION_NAME_ATTRIBUTE, AWS_SESSION_DURATION_ATTRIBUTE, readAwsRoles } from './aws-attributes.ts';
