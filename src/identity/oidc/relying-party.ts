// Roleport as an OpenID Connect relying party for one provider: discovery (once, retried after a
// failure), the authorization request with PKCE, state and nonce, the code exchange with every ID
// token check, optional userinfo, and the provider's end-session URL.
// openid-client and jose load on the first sign-in through a source, so a configuration without OIDC never loads them.
import type * as OpenId from 'openid-client';
import type { OidcSourceConfig } from '../../config/index.ts';
import { RoleportError } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import type { Claims } from './claims.ts';
import { explainOidcFailure } from './explain-failure.ts';
import { type TrustedFetch, createTrustedFetch } from './trusted-fetch.ts';

/** What the session keeps between the authorization request and the callback. */
export type PendingLogin = {
  source: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  next: string;
  startedAt: number;
  /** Set when the provider was asked for a sign-in at most this many seconds old (max_age). */
  maxAge?: number;
};

/** What a sign-in at the provider must be: `fresh` asks it to authenticate the person again now. */
export type AuthorizationOptions = { fresh?: boolean };

export type OidcTokens = { idToken: string; claims: Claims; expiresAt: Date };

export type RelyingParty = {
  authorizationRequest(next: string, now: Date, options?: AuthorizationOptions): Promise<{ url: string; pending: PendingLogin }>;
  /** Validates the callback against the pending login; throws RoleportError saying what failed. */
  exchange(callbackQuery: URLSearchParams, pending: PendingLogin): Promise<OidcTokens>;
  /** The provider's RP-initiated logout URL, when it has one and the source allows it. */
  endSessionUrl(idTokenHint: string | undefined): Promise<string | undefined>;
  close(): Promise<void>;
};

export type RelyingPartyOptions = {
  source: OidcSourceConfig;
  label: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
  logger: Logger;
};

/** client_secret_basic unless the provider says it only takes client_secret_post. */
function secretAuth(client: typeof OpenId, secret: string): OpenId.ClientAuth {
  return (as, metadata, body, headers) => {
    const methods = as.token_endpoint_auth_methods_supported;
    const usePost = Array.isArray(methods) && !methods.includes('client_secret_basic') && methods.includes('client_secret_post');
    (usePost ? client.ClientSecretPost(secret) : client.ClientSecretBasic(secret))(as, metadata, body, headers);
  };
}

export function createRelyingParty(options: RelyingPartyOptions): RelyingParty {
  const { source, label, logger } = options;
  const http: TrustedFetch = createTrustedFetch(source.ca?.pem, source.id);
  let discovered: Promise<OpenId.Configuration> | undefined;

  const configuration = (): Promise<OpenId.Configuration> => {
    discovered ??= import('openid-client')
      .then((client) =>
        client.discovery(
          new URL(source.issuer),
          source.clientId,
          { [client.clockTolerance]: source.clockTolerance },
          source.clientSecret ? secretAuth(client, source.clientSecret.value) : client.None(),
          { [client.customFetch]: http.fetch as OpenId.CustomFetch, timeout: source.timeout, execute: [client.enableNonRepudiationChecks] },
        ),
      )
      .catch((error: unknown) => {
        discovered = undefined; // the next sign-in tries again
        logger.warn({ source: source.id, issuer: source.issuer, err: error }, 'OpenID provider discovery failed');
        throw new RoleportError({ status: 503, code: 'identity_provider_unavailable', message: `Roleport cannot reach ${label} right now; try again in a minute.`, cause: error });
      });
    return discovered;
  };

  return {
    async authorizationRequest(next, now, request = {}) {
      const [config, client] = await Promise.all([configuration(), import('openid-client')]);
      const codeVerifier = client.randomPKCECodeVerifier();
      const pending: PendingLogin = {
        source: source.id,
        state: client.randomState(),
        nonce: client.randomNonce(),
        codeVerifier,
        next,
        startedAt: now.getTime(),
        ...(request.fresh ? { maxAge: 0 } : {}),
      };
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: options.redirectUri,
        scope: source.scopes.join(' '),
        response_type: 'code',
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state: pending.state,
        nonce: pending.nonce,
        ...(pending.maxAge !== undefined ? { max_age: String(pending.maxAge) } : {}),
      });
      return { url: url.href, pending };
    },

    async exchange(callbackQuery, pending) {
      const [config, client, { decodeProtectedHeader }] = await Promise.all([configuration(), import('openid-client'), import('jose')]);
      const currentUrl = new URL(options.redirectUri);
      for (const [name, value] of callbackQuery) currentUrl.searchParams.append(name, value);
      try {
        const tokens = await client.authorizationCodeGrant(config, currentUrl, {
          pkceCodeVerifier: pending.codeVerifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        });
        const idToken = tokens.id_token as string;
        const alg = decodeProtectedHeader(idToken).alg ?? 'none';
        if (!(source.allowedAlgorithms as string[]).includes(alg)) {
          throw new RoleportError({ status: 401, code: 'oidc_token_refused', message: `The ID token from ${label} is signed with '${alg}', which this source does not accept (allowed: ${source.allowedAlgorithms.join(', ')}).` });
        }
        const idClaims = tokens.claims() as Claims;
        let claims: Claims = { ...idClaims };
        if (source.useUserinfo) {
          const userinfo = await client.fetchUserInfo(config, tokens.access_token, String(idClaims.sub));
          // The signed ID token wins where both speak; userinfo completes it.
          claims = { ...userinfo, ...idClaims };
        }
        return { idToken, claims, expiresAt: new Date(Number(idClaims.exp) * 1000) };
      } catch (error) {
        if (error instanceof RoleportError) throw error;
        throw explainOidcFailure(error, label, source.allowedAlgorithms, client);
      }
    },

    async endSessionUrl(idTokenHint) {
      if (!source.providerLogout) return undefined;
      let config: OpenId.Configuration;
      try {
        config = await configuration();
      } catch {
        return undefined; // local sign-out goes ahead whatever the provider's state
      }
      if (!config.serverMetadata().end_session_endpoint) return undefined;
      const parameters: Record<string, string> = { client_id: source.clientId, post_logout_redirect_uri: options.postLogoutRedirectUri };
      if (idTokenHint) parameters.id_token_hint = idTokenHint;
      const client = await import('openid-client');
      return client.buildEndSessionUrl(config, parameters).href;
    },

    close: () => http.close(),
  };
}
