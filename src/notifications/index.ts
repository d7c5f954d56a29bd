// Notifications: issuances of roles marked notify: true, posted (signed) to a webhook from a durable
// outbox; and verifyWebhook for the receivers.
export type { IssuanceNotification } from './types.ts';
export { type Notifier, createNotifier } from './notifier.ts';
export { REPLAY_WINDOW_SECONDS, type VerifyWebhookOptions, WebhookVerificationError, verifyWebhook } from './verify-webhook.ts';
export { DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signWebhook } from './webhook-signature.ts';
