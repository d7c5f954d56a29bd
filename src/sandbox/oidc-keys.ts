// The signing keys of a sandbox OIDC provider: its discovery document's jwks_uri, fetched over https
// only (trusting the provider's configured CA besides the system's), cached per sandbox and issuer.
import { rootCertificates } from 'node:tls';
import { type JWTVerifyGetKey, createRemoteJWKSet, customFetch } from 'jose';
import { Agent, fetch as undiciFetch } from 'undici';
import { topCertificateThumbprint } from './oidc-thumbprint.ts';
import type { SandboxState } from './state.ts';

export type OidcProvider = SandboxState['oidcProviders'][number];

/** The provider could not be reached or did not publish usable keys (AWS: IDPCommunicationError). */
export class IdpUnreachable extends Error {}
/** The key host's certificate chain does not end in a configured thumbprint (AWS: InvalidIdentityToken). */
export class ThumbprintMismatch extends Error {}

type Keys = { getKey: JWTVerifyGetKey };
const TIMEOUT_MS = 5000;
const cache = new WeakMap<SandboxState, Map<string, Promise<Keys>>>();

function trustedFetch(caPem: string | undefined) {
  const agent = new Agent({ connect: caPem ? { ca: [...rootCertificates, caPem] } : {} });
  return (url: string, init: RequestInit = {}) =>
    undiciFetch(url, { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher: agent, redirect: 'manual' }) as unknown as Promise<Response>;
}

async function discoverKeys(provider: OidcProvider): Promise<Keys> {
  const fetchTrusted = trustedFetch(provider.ca?.pem);
  const discoveryUrl = `${provider.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  let metadata: { issuer?: unknown; jwks_uri?: unknown };
  try {
    const response = await fetchTrusted(discoveryUrl, { signal: AbortSignal.timeout(TIMEOUT_MS), headers: { accept: 'application/json' } });
    if (response.status !== 200) throw new Error(`discovery answered ${response.status}`);
    metadata = (await response.json()) as typeof metadata;
  } catch (error) {
    throw new IdpUnreachable(`cannot read ${discoveryUrl}: ${(error as Error).message}`, { cause: error });
  }
  const jwksUri = typeof metadata.jwks_uri === 'string' ? metadata.jwks_uri : '';
  if (metadata.issuer !== provider.issuer || !jwksUri.startsWith('https://')) {
    throw new IdpUnreachable(`the discovery document of ${provider.issuer} names another issuer or no https jwks_uri`);
  }
  if (provider.thumbprints?.length) {
    let thumbprint: string;
    try {
      thumbprint = await topCertificateThumbprint(new URL(jwksUri), provider.ca?.pem, TIMEOUT_MS);
    } catch (error) {
      throw new IdpUnreachable(`cannot reach ${jwksUri}: ${(error as Error).message}`, { cause: error });
    }
    if (!provider.thumbprints.some((t) => t.toLowerCase() === thumbprint)) throw new ThumbprintMismatch(`the chain of ${jwksUri} ends in ${thumbprint}`);
  }
  const getKey = createRemoteJWKSet(new URL(jwksUri), {
    timeoutDuration: TIMEOUT_MS,
    cacheMaxAge: 10 * 60_000,
    cooldownDuration: 30_000,
    [customFetch]: (url, init) => fetchTrusted(url, init as RequestInit),
  });
  return { getKey };
}

/** The key resolver for `provider`, discovered once per sandbox (again after a failure). */
export function providerKeys(state: SandboxState, provider: OidcProvider): Promise<Keys> {
  let perState = cache.get(state);
  if (!perState) cache.set(state, (perState = new Map()));
  const key = `${provider.account} ${provider.issuer}`;
  let keys = perState.get(key);
  if (!keys) {
    keys = discoverKeys(provider);
    perState.set(key, keys);
    keys.catch(() => perState.delete(key));
  }
  return keys;
}
