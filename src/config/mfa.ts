// Schema of the `mfa` section: how fresh a second-factor check must be, the key that encrypts
// factor secrets at rest, and the WebAuthn relying party (passkeys, security keys).
import { isIP } from 'node:net';
import { z } from 'zod';
import { type LoadContext, duration, httpUrl, secret } from './primitives.ts';

const MIN_KEY_LENGTH = 32;

export function mfaSchema(ctx: LoadContext) {
  return z.strictObject({
    /** A verification older than this is asked for again before an MFA role is used. */
    maxAge: duration({ min: 60, max: 86400 }).default(3600),
    /** How long a command-line sign-in approved with a factor counts as verified. */
    tokenMaxAge: duration({ min: 300, max: 7 * 86400 }).default(12 * 3600),
    /** Encrypts factor secrets at rest (AES-256-GCM under a key derived from it). */
    encryptionKey: secret(ctx)
      .refine((key) => key.value.length >= MIN_KEY_LENGTH, `must be at least ${MIN_KEY_LENGTH} characters (for example: openssl rand -base64 32)`)
      .optional(),
    webauthn: z
      .strictObject({
        /** The relying party id: Roleport's host name or a parent domain of it (server.publicUrl's host). */
        rpId: z.string().regex(/^[a-z0-9.-]+$/i, 'expected a host name such as roleport.example.com').optional(),
        /** The origin browsers show for Roleport (server.publicUrl's origin). */
        origin: httpUrl().transform((url) => new URL(url).origin).optional(),
        rpName: z.string().min(1).max(64).default('Roleport'),
      })
      .default({ rpName: 'Roleport' }),
  });
}
export type MfaConfig = z.infer<ReturnType<typeof mfaSchema>>;

/** The relying party passkeys are bound to, from the section or else from the public URL. */
export function webauthnRelyingParty(config: MfaConfig, publicUrl: string): { rpId: string; origin: string; rpName: string } {
  const url = new URL(publicUrl);
  return { rpId: config.webauthn.rpId ?? url.hostname, origin: config.webauthn.origin ?? url.origin, rpName: config.webauthn.rpName };
}

/** Why passkeys cannot work with this relying party, if they cannot. */
export function webauthnProblem(rp: { rpId: string; origin: string }): string | undefined {
  const host = new URL(rp.origin).hostname;
  if (isIP(rp.rpId.replace(/^\[|\]$/g, ''))) return `the WebAuthn relying party id '${rp.rpId}' is an IP address, which browsers refuse: use a host name (server.publicUrl or mfa.webauthn.rpId)`;
  if (host !== rp.rpId && !host.endsWith(`.${rp.rpId}`)) return `mfa.webauthn.rpId '${rp.rpId}' is neither the origin's host '${host}' nor a parent domain of it`;
  return undefined;
}

/** How a person proved their second factor; the value of the `mfa-method` session tag. */
export const MFA_METHODS = ['totp', 'webauthn', 'recovery', 'idp'] as const;
export type MfaMethod = (typeof MFA_METHODS)[number];

/** Session tags only Roleport sets, on sessions of roles that need MFA; refused in a role's own sessionTags. */
export const MFA_SESSION_TAG_KEYS = ['mfa', 'mfa-method'] as const;

/** `mfa: required` on an account, a role or a rule: every role it covers needs a second factor. */
export const mfaRequirement = () => z.literal('required', { error: "expected 'required' (or leave the key out)" }).optional();
