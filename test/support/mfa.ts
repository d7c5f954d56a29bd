// Helpers for second-factor tests: a configuration with MFA on, a clock the test moves, reading the
// enrolment page's secret and making codes for it at the test's time.
import { generate } from 'otplib';
import { baseConfig } from './fixtures.ts';
import type { Client } from './http-client.ts';

export const MFA_ENV = { TEST_MFA_KEY: 'test-mfa-encryption-key-0123456789abcdef' };

export function mfaConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return baseConfig({ mfa: { encryptionKey: 'env:TEST_MFA_KEY' }, admin: { groups: ['aws-admins'] }, ...overrides });
}

export { testClock } from './clock.ts';

export function secretOnPage(html: string): string {
  const secret = /data-secret>([A-Z2-7]+)</.exec(html)?.[1];
  if (!secret) throw new Error('no authenticator secret on the page');
  return secret;
}

export function totpAt(secret: string, at: Date): Promise<string> {
  return generate({ secret, epoch: Math.floor(at.getTime() / 1000) });
}

/** A six-digit code that is not right for `secret` around `at` (±1 step). */
export async function wrongCodeAt(secret: string, at: Date): Promise<string> {
  const right = new Set(await Promise.all([-30, 0, 30].map((s) => totpAt(secret, new Date(at.getTime() + s * 1000)))));
  for (let n = 0; ; n++) {
    const code = String(n).padStart(6, '0');
    if (!right.has(code)) return code;
  }
}

export function recoveryCodesOnPage(html: string): string[] {
  return [...html.matchAll(/<li><code>([a-z0-9]{5}-[a-z0-9]{5})<\/code><\/li>/g)].map((m) => m[1]);
}

/** Enrols an authenticator app at /mfa?next=<next>; resolves to its secret and the recovery codes shown. */
export async function enrolTotp(client: Client, at: Date, next = '/'): Promise<{ secret: string; recoveryCodes: string[]; response: Response }> {
  const page = await client.get(`/mfa?next=${encodeURIComponent(next)}`);
  const html = await page.text();
  if (page.status !== 200) throw new Error(`/mfa answered ${page.status}: ${html.slice(0, 300)}`);
  const secret = secretOnPage(html);
  const response = await client.post('/mfa/factors/totp', { _csrf: await client.csrfToken(`/mfa?next=${encodeURIComponent(next)}`), next, name: 'Phone', code: await totpAt(secret, at) });
  const body = await response.clone().text();
  return { secret, recoveryCodes: recoveryCodesOnPage(body), response };
}
