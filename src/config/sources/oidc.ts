// Schema of a `type: oidc` identity source: an OpenID Connect provider, signed in to with the code flow.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { type LoadContext, duration, filePath, httpUrl, secret } from '../primitives.ts';
import { sourceBase } from './common.ts';

/** ID token algorithms Roleport may accept (asymmetric only: `none` and HMAC never). */
export const OIDC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;
export const DEFAULT_OIDC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'] as const;
export const DEFAULT_OIDC_SCOPES = ['openid', 'profile', 'email'];
export const DEFAULT_OIDC_CLAIMS = { username: 'preferred_username', displayName: 'name', email: 'email' };

/** An https URL without query or fragment (AWS and the sandbox accept nothing else as an issuer). */
export function httpsUrl() {
  return z.string({ error: 'expected an https:// URL' }).refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' && url.search === '' && url.hash === '' && url.username === '' && url.password === '';
    } catch {
      return false;
    }
  }, 'expected an https:// URL without query, fragment or credentials (AWS accepts only https issuers)');
}

/** A claim name, or a dotted path into nested claims such as `realm_access.roles`. */
export const claimPath = () => z.string({ error: 'expected a claim name or a dotted path such as realm_access.roles' }).min(1).max(200);

/** A PEM file of one or more CA certificates, read when the configuration loads. */
export function caFile(ctx: LoadContext) {
  return filePath(ctx).transform((path, issue) => {
    let pem: string;
    try {
      pem = readFileSync(path, 'utf8');
    } catch (error) {
      issue.addIssue({ code: 'custom', message: `cannot read CA file ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, input: path });
      return z.NEVER;
    }
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
      issue.addIssue({ code: 'custom', message: `CA file ${path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`, input: path });
      return z.NEVER;
    }
    return { path, pem };
  });
}

const requiredValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number(), z.boolean()])).min(1)], {
  error: 'expected the value the claim must have (a string, number or boolean), or a list of accepted values',
});

export function oidcSourceSchema(ctx: LoadContext) {
  return z.strictObject({
    ...sourceBase,
    type: z.literal('oidc'),
    /** The provider's issuer identifier; discovery reads <issuer>/.well-known/openid-configuration. */
    issuer: httpsUrl(),
    clientId: z.string({ error: 'expected the client id registered at the provider' }).min(1),
    /** Optional: a public client signs in with PKCE alone. */
    clientSecret: secret(ctx).optional(),
    /** Default: <server.publicUrl>/oidc/<id>/callback; register it at the provider. */
    redirectUri: httpUrl().optional(),
    /** Where the provider sends the browser after RP-initiated logout. Default: <server.publicUrl>/login?signedOut=1. */
    postLogoutRedirectUri: httpUrl().optional(),
    /** Sign the person out at the provider too (when it publishes an end_session_endpoint). */
    providerLogout: z.boolean().default(true),
    scopes: z
      .array(z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/, 'expected a scope token without spaces or quotes'))
      .min(1)
      .refine((scopes) => scopes.includes('openid'), "must include 'openid'")
      .default(DEFAULT_OIDC_SCOPES),
    claims: z
      .strictObject({
        username: claimPath().default(DEFAULT_OIDC_CLAIMS.username),
        displayName: claimPath().default(DEFAULT_OIDC_CLAIMS.displayName),
        email: claimPath().default(DEFAULT_OIDC_CLAIMS.email),
        /** A list, a space-separated string, or a nested path (realm_access.roles). None: no groups. */
        groups: claimPath().optional(),
        /** Identity attributes (for session tags): attribute name -> claim path. */
        attributes: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/, 'expected an attribute name of letters, digits, _ . -'), claimPath()).default({}),
      })
      .default({ ...DEFAULT_OIDC_CLAIMS, attributes: {} }),
    /** Claims the ID token (or userinfo) must carry with these values to sign in at all. */
    requiredClaims: z.record(claimPath(), requiredValue).default({}),
    allowedAlgorithms: z
      .array(z.enum(OIDC_ALGORITHMS, { error: `allowed: ${OIDC_ALGORITHMS.join(' | ')} (never none or HMAC)` }))
      .min(1)
      .default([...DEFAULT_OIDC_ALGORITHMS]),
    /** Also read the userinfo endpoint; its claims complete the ID token's. */
    useUserinfo: z.boolean().default(false),
    /** `amr` methods (any one) or `acr` values that mean the provider checked a second factor; none by default. */
    mfa: z
      .strictObject({ amr: z.array(z.string().min(1).max(64)).default([]), acr: z.array(z.string().min(1).max(1024)).default([]) })
      .default({ amr: [], acr: [] }),
    /** CA certificate(s) to trust for this provider, in addition to the system's. */
    ca: caFile(ctx).optional(),
    /** Tolerated clock difference with the provider for exp/iat/nbf. */
    clockTolerance: duration({ max: 600 }).default(30),
    /** How long Roleport waits for the provider (discovery, token, userinfo, keys). */
    timeout: duration({ min: 1, max: 60 }).default(10),
  });
}
export type OidcSourceConfig = z.infer<ReturnType<typeof oidcSourceSchema>>;
