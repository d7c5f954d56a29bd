// Marks a test client's session as having verified a second factor, by writing the session record
// in the app's own store (until a test drives the /mfa page itself).
import type { SessionData } from 'express-session';
import type { MfaMethod } from '../../src/config/index.ts';
import type { TestApp } from './app.ts';
import type { Client } from './http-client.ts';

export async function markStepUp(app: TestApp, client: Client, options: { method?: MfaMethod; at?: Date } = {}): Promise<void> {
  const store = app.ctx.sessionStore;
  const cookie = client.cookies.get(app.ctx.config.session.cookieName);
  if (!store || !cookie) throw new Error('the client has no session in this app');
  // The cookie is `s:<id>.<signature>`, URL-encoded.
  const id = decodeURIComponent(cookie).replace(/^s:/, '').replace(/\.[^.]*$/, '');
  const data = await new Promise<SessionData>((resolve, reject) => store.get(id, (error, found) => (error || !found ? reject(error ?? new Error('no such session')) : resolve(found))));
  const verified = { ...data, mfaVerifiedAt: (options.at ?? app.ctx.clock()).getTime(), mfaMethod: options.method ?? 'totp' };
  await new Promise<void>((resolve, reject) => store.set(id, verified, (error) => (error ? reject(error) : resolve())));
}

/** A raw configuration with its `mfa` section's keys overridden (the rest of the section kept). */
export function withMfa(config: Record<string, unknown>, mfa: Record<string, unknown>): Record<string, unknown> {
  return { ...config, mfa: { ...(config.mfa as Record<string, unknown> | undefined), ...mfa } };
}
