// Temporary credentials: ASIA key id, a secret derived from it, and a session token HMAC-signed by a
// key made at process start, so the sandbox verifies its tokens without keeping them (they die with it).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { temporaryAccessKeyId } from './ids.ts';

/** How the console federation endpoint treats these credentials (aws-federation-facts §1.3). */
export type ConsolePolicy =
  /** AssumeRole* with long-term keys, SAML, web identity: SessionDuration allowed. */
  | 'session-duration'
  /** Role chaining, GetFederationToken: sign-in works, SessionDuration is refused. */
  | 'default-duration'
  /** GetSessionToken: no console sign-in. */
  | 'none';

/** What a session token says about its session; signed, so the sandbox can trust it when it comes back. */
export type SessionClaims = {
  kind: 'assumed-role' | 'federated-user' | 'user-session';
  accessKeyId: string;
  account: string;
  /** The session's ARN (assumed-role/..., federated-user/..., or the IAM user's for GetSessionToken). */
  arn: string;
  /** GetCallerIdentity's UserId. */
  userId: string;
  roleArn?: string;
  roleName?: string;
  sessionName?: string;
  /** The IAM user behind a federated-user or GetSessionToken session. */
  userName?: string;
  sourceIdentity?: string;
  tags?: Record<string, string>;
  transitiveTagKeys?: string[];
  chained?: boolean;
  console: ConsolePolicy;
  /** Which action issued it. */
  issuedBy: string;
  /** Epoch seconds. */
  issuedAt: number;
  expiresAt: number;
};

export type IssuedSession = { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiration: Date; claims: SessionClaims };

export type SessionVerdict = { ok: true; claims: SessionClaims } | { ok: false; reason: 'invalid' | 'expired' };

const TOKEN_PREFIX = 'RPSB';

export class SessionAuthority {
  readonly #key: Buffer;

  constructor(key: Buffer = randomBytes(32)) {
    this.#key = key;
  }

  issue(claims: Omit<SessionClaims, 'accessKeyId'>): IssuedSession {
    const accessKeyId = temporaryAccessKeyId();
    const full: SessionClaims = { ...claims, accessKeyId };
    const payload = Buffer.from(JSON.stringify(full)).toString('base64url');
    const sessionToken = `${TOKEN_PREFIX}${payload}.${this.#mac(`token:${payload}`)}`;
    return { accessKeyId, secretAccessKey: this.secretFor(accessKeyId), sessionToken, expiration: new Date(claims.expiresAt * 1000), claims: full };
  }

  /** The secret access key belonging to a temporary key id this sandbox issued. */
  secretFor(accessKeyId: string): string {
    return createHmac('sha256', this.#key).update(`secret:${accessKeyId}`).digest('base64').slice(0, 40);
  }

  /** Checks a session token for a key id: signed by us, for that key, not expired at `now`. */
  verify(accessKeyId: string, sessionToken: string | undefined, now: Date): SessionVerdict {
    if (!sessionToken || !sessionToken.startsWith(TOKEN_PREFIX)) return { ok: false, reason: 'invalid' };
    const [payload, mac, extra] = sessionToken.slice(TOKEN_PREFIX.length).split('.');
    if (!payload || !mac || extra !== undefined) return { ok: false, reason: 'invalid' };
    const expected = Buffer.from(this.#mac(`token:${payload}`));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'invalid' };
    let claims: SessionClaims;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as SessionClaims;
    } catch {
      return { ok: false, reason: 'invalid' };
    }
    if (claims.accessKeyId !== accessKeyId) return { ok: false, reason: 'invalid' };
    if (claims.expiresAt * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
    return { ok: true, claims };
  }

  #mac(data: string): string {
    return createHmac('sha256', this.#key).update(data).digest('base64url');
  }
}
