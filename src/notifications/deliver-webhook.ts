// One delivery attempt: a signed POST of the stored body; any 2xx answer means the receiver has it.
import { DELIVERY_HEADER, signWebhook } from './webhook-signature.ts';

export type DeliveryOutcome = { ok: true } | { ok: false; error: string };

/** `stop`: aborts the attempt (Roleport is stopping; the row stays pending for the next process). */
export async function deliverWebhook(options: { url: string; secret: string; id: string; body: string; now: Date; timeoutSeconds: number; stop: AbortSignal }): Promise<DeliveryOutcome> {
  try {
    const response = await fetch(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Roleport-Webhook/1', [DELIVERY_HEADER]: options.id, ...signWebhook(options.secret, options.body, options.now) },
      body: options.body,
      // A redirect could send the body elsewhere: the configured URL is the only receiver.
      redirect: 'manual',
      signal: AbortSignal.any([AbortSignal.timeout(options.timeoutSeconds * 1000), options.stop]),
    });
    await response.body?.cancel();
    return response.ok ? { ok: true } : { ok: false, error: `the receiver answered HTTP ${response.status}` };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const name = (error as Error).name;
    if (options.stop.aborted) return { ok: false, error: 'Roleport stopped during the attempt' };
    return { ok: false, error: name === 'TimeoutError' ? `no answer within ${options.timeoutSeconds}s` : `could not reach the receiver (${cause ?? name})` };
  }
}
