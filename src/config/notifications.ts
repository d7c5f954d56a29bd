// Schema of the `notifications` section: a webhook told of every issuance of roles marked `notify: true`.
import { isIP } from 'node:net';
import { z } from 'zod';
import { type LoadContext, duration, secret } from './primitives.ts';

/** Loopback hosts a webhook may reach over plain http (a receiver beside Roleport); anything else needs https. */
function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

/** Why a webhook URL cannot be used, or undefined when it can. */
export function webhookUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'expected an absolute https:// URL';
  }
  if (url.username || url.password) return 'must not carry credentials in the URL: the signature (secret) authenticates Roleport to the receiver';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && isLoopback(url.hostname)) return undefined;
  if (url.protocol === 'http:') return 'must be https:// (plain http:// only to a loopback address such as 127.0.0.1 or localhost)';
  return 'expected an absolute https:// URL';
}

export function notificationsSchema(ctx: LoadContext) {
  return z.strictObject({
    webhook: z
      .strictObject({
        url: z.string({ error: 'expected an https:// URL' }).superRefine((value, issue) => {
          const problem = webhookUrlProblem(value);
          if (problem) issue.addIssue({ code: 'custom', message: problem, input: value });
        }),
        /** Signs each delivery (HMAC-SHA256); the receiver holds the same. */
        secret: secret(ctx).superRefine((s, issue) => {
          // `input` names no value: the message must never show the secret.
          if (s.value.length < 32) issue.addIssue({ code: 'custom', message: 'must be at least 32 characters long (for example: openssl rand -base64 32)', input: '(secret)' });
        }),
        /** How long one delivery attempt may take before it counts as failed. */
        timeout: duration({ min: 1, max: 60 }).default(5),
        /** The wait before the first retry; it doubles with each failed attempt, up to maxRetryDelay. */
        retryDelay: duration({ min: 1, max: 3600 }).default(30),
        maxRetryDelay: duration({ min: 1, max: 86400 }).default(3600),
        /** Attempts in all before a delivery is given up (logged as an error). */
        maxAttempts: z.number().int().min(1).max(100).default(12),
      })
      .optional(),
  });
}
export type NotificationsConfig = z.infer<ReturnType<typeof notificationsSchema>>;
export type WebhookConfig = NonNullable<NotificationsConfig['webhook']>;
