// The webhook's signature, shared by Roleport (signing) and receivers (verifying): HMAC-SHA256 with
// the shared secret over `<timestamp>.<body>`, sent as `Roleport-Signature: v1=<hex>` beside
// `Roleport-Timestamp: <unix seconds>`. Signing the timestamp lets a receiver refuse old replays.
import { createHmac } from 'node:crypto';

export const TIMESTAMP_HEADER = 'roleport-timestamp';
export const SIGNATURE_HEADER = 'roleport-signature';
/** The delivery's id: the same on every retry, so a receiver can drop one it already handled. */
export const DELIVERY_HEADER = 'roleport-delivery';
export const SIGNATURE_VERSION = 'v1';

/** The hex HMAC-SHA256 of `<timestamp>.<body>`. */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** The headers that sign `body` at `now`. */
export function signWebhook(secret: string, body: string, now: Date): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return { [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: `${SIGNATURE_VERSION}=${webhookSignature(secret, timestamp, body)}` };
}
