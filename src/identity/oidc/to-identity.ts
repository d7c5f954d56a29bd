// Maps an OpenID provider's claims onto Roleport's Identity, as the source's `claims` section says.
import type { OidcSourceConfig } from '../../config/index.ts';
import { RoleportError } from '../../errors.ts';
import type { Identity } from '../identity.ts';
import { type Claims, claimString, claimStrings, readClaim } from './claims.ts';

/** Whether the provider says it checked a second factor: an `amr` method or the `acr` the source names (none by default). */
export function isMultiFactor(claims: Claims, mfa: OidcSourceConfig['mfa']): boolean {
  const amr = claimStrings(claims.amr);
  const acr = claimString(claims.acr);
  return amr.some((method) => mfa.amr.includes(method)) || (acr !== undefined && mfa.acr.includes(acr));
}

export type ToIdentityInput = {
  claims: Claims;
  idToken: string;
  expiresAt: Date;
  source: Pick<OidcSourceConfig, 'id' | 'claims' | 'mfa'>;
  label: string;
  now: Date;
};

export function identityFromClaims(input: ToIdentityInput): Identity {
  const { claims, source } = input;
  const mapping = source.claims;
  const username = claimString(readClaim(claims, mapping.username));
  if (!username) {
    throw new RoleportError({
      status: 403,
      code: 'oidc_claim_required',
      message: `Roleport requires the claim '${mapping.username}' (used as your username); ${input.label} did not send it.`,
    });
  }
  const sub = claimString(claims.sub) ?? username;
  const attributes: Record<string, string[]> = {};
  for (const [name, path] of Object.entries(mapping.attributes)) {
    const values = claimStrings(readClaim(claims, path));
    if (values.length > 0) attributes[name] = values;
  }
  const authTime = typeof claims.auth_time === 'number' ? new Date(claims.auth_time * 1000) : input.now;
  return {
    subject: `${source.id}:${sub}`,
    username,
    displayName: claimString(readClaim(claims, mapping.displayName)) ?? username,
    email: claimString(readClaim(claims, mapping.email)),
    groups: mapping.groups ? [...new Set(claimStrings(readClaim(claims, mapping.groups)))] : [],
    attributes,
    source: source.id,
    mfa: isMultiFactor(claims, source.mfa),
    authTime,
    federation: { kind: 'oidc', idToken: input.idToken, expiresAt: input.expiresAt },
  };
}
