// OpenID Connect sign-in: the relying party, claims mapping and required claims of the `oidc` source.
export { createOidcSource, isOidcSource, type OidcSource } from './source.ts';
export type { PendingLogin, OidcTokens, RelyingParty } from './relying-party.ts';
export { identityFromClaims, isMultiFactor } from './to-identity.ts';
export { findUnmetClaim, describeUnmetClaim, type UnmetClaim, type RequiredClaims } from './required-claims.ts';
export { readClaim, claimStrings, claimString, type Claims } from './claims.ts';
