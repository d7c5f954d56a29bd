// The demo configuration with a webhook: sandbox-dev/Developer is marked notify: true, the other
// roles are not.
import { demoAccessKeyId, demoConfig, demoSecrets } from '../../src/config/index.ts';

export const WEBHOOK_SECRET = 'a-webhook-secret-of-at-least-32-characters';
export const NOTIFYING_ROLE = 'sandbox-dev/Developer';

export const notifyingEnv = () => ({ ...demoSecrets(), ROLEPORT_WEBHOOK_SECRET: WEBHOOK_SECRET });

export function notifyingDemo(url: string, webhookUrl: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const demo = demoConfig(url, 3000, demoAccessKeyId()) as Record<string, unknown> & { roles: { account: string; name: string }[] };
  return {
    ...demo,
    roles: demo.roles.map((role) => (`${role.account}/${role.name}` === NOTIFYING_ROLE ? { ...role, notify: true } : role)),
    notifications: { webhook: { url: webhookUrl, secret: 'env:ROLEPORT_WEBHOOK_SECRET', retryDelay: '30s', ...extra } },
  };
}

/** Real time moved by hand: the sandbox's SigV4 window follows it, so moves stay small before STS is called. */
export function shiftedClock() {
  let shift = 0;
  return { now: () => new Date(Date.now() + shift), pass: (seconds: number) => void (shift += seconds * 1000) };
}
