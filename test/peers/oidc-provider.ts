// A real OpenID provider for the tests: panva's oidc-provider, in-process, over https with a test CA,
// with the users alice and bob (and their groups). Tests craft tokens the provider would never make
// (expired, wrong audience, foreign key, alg none) with jose and can slip one into the next token response.
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type JWK, type JWTPayload, SignJWT, decodeJwt, exportJWK, generateKeyPair, importJWK } from 'jose';
import Provider from 'oidc-provider';
import { type TestCa, makeTestCa } from './oidc/test-ca.ts';

export type OidcTestUser = Record<string, unknown> & { sub: string };

/** alice: aws-admins and developers, verified email at example.com; bob: developers, unverified email, no hd. */
export const OIDC_USERS: Record<string, OidcTestUser> = {
  alice: {
    sub: '00u-alice-7f3a',
    preferred_username: 'alice',
    name: 'Alice Example',
    email: 'alice@example.com',
    email_verified: true,
    hd: 'example.com',
    department: 'platform',
    groups: ['aws-admins', 'developers'],
  },
  bob: {
    sub: '00u-bob-91c2',
    preferred_username: 'bob',
    name: 'Bob Example',
    email: 'bob@example.com',
    email_verified: false,
    department: 'payments',
    groups: ['developers'],
  },
};

export type ClientRegistration = {
  client_id: string;
  client_secret?: string;
  redirect_uris: string[];
  post_logout_redirect_uris?: string[];
  token_endpoint_auth_method?: 'client_secret_basic' | 'client_secret_post' | 'none';
};

type IdTokenRewrite = (original: string, claims: JWTPayload) => string | Promise<string>;

export type OidcPeer = {
  issuer: string;
  /** The test CA (path and PEM) that signed the provider's https certificate. */
  ca: TestCa;
  /** Registers (or replaces) a client; redirect URIs are known only once Roleport listens. */
  addClient(client: ClientRegistration): Promise<void>;
  /** The next token response carries what `rewrite` returns instead of the provider's ID token. */
  rewriteNextIdToken(rewrite: IdTokenRewrite): void;
  /** A token signed with the provider's own key (kid and all), with iss, iat and exp filled in. */
  sign(claims: JWTPayload, options?: { alg?: 'RS256' | 'ES256'; expiresIn?: number }): Promise<string>;
  /** A token signed by a key the provider never published, under the provider's own kid. */
  signWithForeignKey(claims: JWTPayload): Promise<string>;
  /** A token with `alg: none` and no signature. */
  unsigned(claims: JWTPayload): string;
  /** How many times the JWKS document was fetched (caching is visible through it). */
  jwksFetches(): number;
  close(): Promise<void>;
};

export async function startOidcProvider(options: { path?: string } = {}): Promise<OidcPeer> {
  const dir = mkdtempSync(join(tmpdir(), 'roleport-oidc-'));
  const ca = makeTestCa(dir);
  const rsa = await generateKeyPair('RS256', { extractable: true });
  const ec = await generateKeyPair('ES256', { extractable: true });
  const foreign = await generateKeyPair('RS256', { extractable: true });
  const rsaJwk: JWK = { ...(await exportJWK(rsa.privateKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' };
  const ecJwk: JWK = { ...(await exportJWK(ec.privateKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' };

  const server = createServer({ key: ca.key, cert: ca.cert });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const issuer = `https://127.0.0.1:${port}${options.path ?? ''}`;

  const provider = new Provider(issuer, {
    jwks: { keys: [rsaJwk, ecJwk] },
    cookies: { keys: ['roleport-test-cookie-key'] },
    scopes: ['openid', 'profile', 'email', 'groups'],
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username', 'department'],
      email: ['email', 'email_verified', 'hd'],
      groups: ['groups'],
    },
    // ID tokens carry the granted scopes' claims, as most enterprise providers do.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    ttl: { AccessToken: 3600, AuthorizationCode: 60, IdToken: 3600, Interaction: 600, Grant: 3600, Session: 3600 },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    async findAccount(_ctx: unknown, id: string) {
      const user = Object.values(OIDC_USERS).find((u) => u.sub === id);
      if (!user) return undefined;
      return { accountId: id, claims: async () => ({ ...user }) };
    },
    // First-party client: every requested scope is granted without a consent screen.
    async loadExistingGrant(ctx: { oidc: { provider: Provider; client: { clientId: string }; session: { accountId: string }; params: { scope?: unknown } } }) {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope(String(ctx.oidc.params.scope ?? 'openid'));
      await grant.save();
      return grant;
    },
  });

  let rewrite: IdTokenRewrite | undefined;
  let jwksCount = 0;
  provider.on('server_error', (_ctx: unknown, error: unknown) => console.error('oidc-provider server_error', error));
  provider.use(async (ctx, next) => {
    if (ctx.path.endsWith('/jwks')) jwksCount += 1;
    await next();
    const body = ctx.body as { id_token?: string } | undefined;
    if (ctx.method === 'POST' && ctx.path.endsWith('/token') && rewrite && typeof body?.id_token === 'string') {
      const change = rewrite;
      rewrite = undefined;
      ctx.body = { ...body, id_token: await change(body.id_token, decodeJwt(body.id_token)) };
    }
  });

  // Under a path (like Keycloak's /realms/corp) the provider answers below it.
  const handle = provider.callback();
  const prefix = options.path ?? '';
  server.on('request', (req, res) => {
    if (prefix && req.url?.startsWith(prefix)) {
      // oidc-provider finds its mount path from originalUrl, as when mounted by express.
      Object.assign(req, { originalUrl: req.url });
      req.url = req.url.slice(prefix.length) || '/';
    }
    handle(req, res);
  });

  const now = () => Math.floor(Date.now() / 1000);
  const withDefaults = (claims: JWTPayload, expiresIn = 600): JWTPayload => ({ iss: issuer, iat: now(), exp: now() + expiresIn, ...claims });
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

  return {
    issuer,
    ca,
    async addClient(client) {
      await provider.Client.adapter.upsert(client.client_id, {
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: client.client_secret ? 'client_secret_basic' : 'none',
        ...client,
      });
    },
    rewriteNextIdToken(next) {
      rewrite = next;
    },
    async sign(claims, signOptions = {}) {
      const alg = signOptions.alg ?? 'RS256';
      const jwk = alg === 'ES256' ? ecJwk : rsaJwk;
      return new SignJWT(withDefaults(claims, signOptions.expiresIn)).setProtectedHeader({ alg, kid: jwk.kid, typ: 'JWT' }).sign(await importJWK(jwk, alg));
    },
    async signWithForeignKey(claims) {
      return new SignJWT(withDefaults(claims)).setProtectedHeader({ alg: 'RS256', kid: rsaJwk.kid, typ: 'JWT' }).sign(foreign.privateKey);
    },
    unsigned(claims) {
      return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(withDefaults(claims))}.`;
    },
    jwksFetches: () => jwksCount,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
