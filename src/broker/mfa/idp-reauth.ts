// A second factor checked at the identity provider goes stale like any other (mfa.maxAge). A person
// of a SAML or OIDC source that reports MFA, and who has no factor of Roleport's, verifies again by
// signing in again at the provider with ForceAuthn / max_age=0, then comes back to /mfa.
import type { Identity, IdentitySource } from '../../identity/index.ts';
import { isOidcSource, isSamlSource } from '../../identity/index.ts';

/** Marks the return from a fresh provider sign-in on /mfa, so a provider that skipped MFA does not loop. */
export const AFTER_IDP_REAUTH = 'idp';

/** Whether this source's sign-ins can carry a second factor, as its `mfa` settings count one. */
export function sourceReportsMfa(source: IdentitySource | undefined): boolean {
  if (isSamlSource(source)) return source.config.mfa.authnContexts.length > 0;
  if (isOidcSource(source)) return source.config.mfa.amr.length > 0 || source.config.mfa.acr.length > 0;
  return false;
}

/** The provider sign-in that verifies again and comes back to /mfa (then `next`); undefined when the source cannot. */
export function idpReauthPath(sources: readonly IdentitySource[], identity: Identity, next: string): string | undefined {
  const source = sources.find((s) => s.id === identity.source);
  if (!source || source.kind !== 'redirect' || !sourceReportsMfa(source)) return undefined;
  const back = `/mfa?next=${encodeURIComponent(next)}&after=${AFTER_IDP_REAUTH}`;
  return `${source.loginPath}?fresh=1&next=${encodeURIComponent(back)}`;
}
