// What a webhook delivery carries: one issuance of a role marked notify: true. Never a secret, a
// key or a console link.

export type IssuanceNotification = {
  /** The delivery's id, the same on every retry (also the Roleport-Delivery header). */
  id: string;
  /** Keys (`credentials.issued`) or a console sign-in (`console.opened`). */
  event: 'credentials.issued' | 'console.opened';
  person: { source: string; username: string };
  /** The role as Roleport addresses it: `<account name>/<role name>`. */
  role: string;
  roleArn: string;
  account: { name: string; id: string };
  method: string;
  /** Where it was asked for: `web` (the pages) or `api` (the CLI and other tools). */
  door: 'web' | 'api';
  issuedAt: string;
  expiresAt: string;
  requestId?: string;
};
