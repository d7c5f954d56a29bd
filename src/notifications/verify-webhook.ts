// For receivers of Roleport's webhook: checks a delivery's signature and age before its body is
// trusted. Give it the raw body exactly as received (not re-serialised JSON).
import { timingSafeEqual } from 'node:crypto';
import { SIGNATURE_HEADER, SIGNATURE_VERSION, TIMESTAMP_HEADER, webhookSignature } from './webhook-signature.ts';
import type { IssuanceNotification } from './types.ts';

/** A delivery older (or further in the future) than this is refused: a replay, or a clock far off. */
export const REPLAY_WINDOW_SECONDS = 300;

export class WebhookVerificationError extends Error {
  override name = 'WebhookVerificationError';
}

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderSource, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return Array.isArray(value) ? value.join(',') : value;
}

function sameHex(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

export type VerifyWebhookOptions = {
  /** The raw request body. */
  body: string | Buffer;
  /** The request's headers (a fetch Headers, or node's req.headers). */
  headers: HeaderSource;
  /** The secret Roleport's notifications.webhook.secret names. */
  secret: string;
  /** The receiver's clock (default: now). */
  now?: Date;
  /** Seconds a delivery stays acceptable (default REPLAY_WINDOW_SECONDS). */
  toleranceSeconds?: number;
};

/**
 * The notification, when the delivery is signed with `secret` and was signed within the replay
 * window of `now`; throws WebhookVerificationError otherwise. A delivery may be retried: drop one
 * whose `id` (also the Roleport-Delivery header) was handled already.
 */
export function verifyWebhook(options: VerifyWebhookOptions): IssuanceNotification {
  const body = typeof options.body === 'string' ? options.body : options.body.toString('utf8');
  const stamp = header(options.headers, TIMESTAMP_HEADER);
  const signatures = header(options.headers, SIGNATURE_HEADER);
  if (!stamp || !/^\d{1,12}$/.test(stamp)) throw new WebhookVerificationError(`missing or malformed ${TIMESTAMP_HEADER} header`);
  if (!signatures) throw new WebhookVerificationError(`missing ${SIGNATURE_HEADER} header`);
  const timestamp = Number(stamp);
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const tolerance = options.toleranceSeconds ?? REPLAY_WINDOW_SECONDS;
  if (Math.abs(now - timestamp) > tolerance) throw new WebhookVerificationError(`the delivery was signed ${now - timestamp} seconds ago, outside the ${tolerance}-second replay window`);
  const expected = webhookSignature(options.secret, timestamp, body);
  // Several `v1=` entries may be sent side by side (e.g. while a secret is rotated).
  const offered = signatures.split(',').map((part) => part.trim()).filter((part) => part.startsWith(`${SIGNATURE_VERSION}=`)).map((part) => part.slice(SIGNATURE_VERSION.length + 1));
  if (!offered.some((signature) => sameHex(signature, expected))) throw new WebhookVerificationError('the signature does not match the body and timestamp');
  try {
    return JSON.parse(body) as IssuanceNotification;
  } catch {
    throw new WebhookVerificationError('the body is not JSON');
  }
}
