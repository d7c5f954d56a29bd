// The `oidc` identity source: a redirect source whose sign-in happens at an OpenID provider.
import type { OidcSourceConfig } from '../../config/index.ts';
import { RoleportError } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import type { Identity, IdentitySource, RedirectIdentitySource } from '../identity.ts';
import { type PendingLogin, type RelyingParty, createRelyingParty } from './relying-party.ts';
import { describeUnmetClaim, findUnmetClaim } from './required-claims.ts';
import { identityFromClaims } from './to-identity.ts';

export type OidcSource = RedirectIdentitySource & {
  type: 'oidc';
  config: OidcSourceConfig;
  relyingParty: RelyingParty;
  /** Code exchange, ID token checks, required claims, claims mapping: the Identity, or a RoleportError. */
  completeSignIn(callbackQuery: URLSearchParams, pending: PendingLogin, now: Date): Promise<Identity>;
};

export function createOidcSource(config: OidcSourceConfig, deps: { logger: Logger; publicUrl: string }): OidcSource {
  const base = deps.publicUrl.replace(/\/+$/, '');
  const label = config.label ?? config.id;
  const relyingParty = createRelyingParty({
    source: config,
    label,
    redirectUri: config.redirectUri ?? `${base}/oidc/${config.id}/callback`,
    postLogoutRedirectUri: config.postLogoutRedirectUri ?? `${base}/login?signedOut=1`,
    logger: deps.logger,
  });
  return {
    kind: 'redirect',
    id: config.id,
    type: 'oidc',
    label,
    loginPath: `/oidc/${encodeURIComponent(config.id)}/login`,
    config,
    relyingParty,
    async completeSignIn(callbackQuery, pending, now) {
      const tokens = await relyingParty.exchange(callbackQuery, pending);
      const unmet = findUnmetClaim(tokens.claims, config.requiredClaims);
      if (unmet) throw new RoleportError({ status: 403, code: 'oidc_claim_required', message: describeUnmetClaim(unmet, label) });
      return identityFromClaims({ claims: tokens.claims, idToken: tokens.idToken, expiresAt: tokens.expiresAt, source: config, label, now });
    },
    close: () => relyingParty.close(),
  };
}

export function isOidcSource(source: IdentitySource | undefined): source is OidcSource {
  return source?.kind === 'redirect' && source.type === 'oidc' && 'relyingParty' in source;
}
