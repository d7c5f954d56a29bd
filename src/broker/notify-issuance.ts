// Issuances of roles marked notify: true are queued for the notifications webhook once handed out.
// Queuing is a local write; the webhook itself is never awaited by the person being issued.
import type { Entitlement } from '../access/index.ts';
import type { IssuedCredentials } from '../aws/index.ts';
import { currentRequestId } from '../request-context.ts';
import type { AppContext } from './context.ts';
import type { Caller } from './issue-audited.ts';

export async function notifyIssuance(
  ctx: Pick<AppContext, 'notifier' | 'logger' | 'clock'>,
  event: 'credentials.issued' | 'console.opened',
  caller: Caller,
  entitlement: Entitlement,
  credentials: IssuedCredentials,
): Promise<void> {
  const role = entitlement.role;
  if (!role.notify) return;
  try {
    await ctx.notifier.queue({
      event,
      person: { source: caller.identity.source, username: caller.identity.username },
      role: role.key,
      roleArn: role.arn,
      account: { name: role.account.name, id: role.account.id },
      method: credentials.method,
      door: caller.via,
      issuedAt: ctx.clock().toISOString(),
      expiresAt: credentials.expiration.toISOString(),
      requestId: currentRequestId(),
    });
  } catch (error) {
    // The audit trail already holds the issuance; say loudly that the webhook will not hear of it.
    ctx.logger.error({ err: error, channel: 'notifications', event, role: role.key, actor: { username: caller.identity.username, source: caller.identity.source } }, 'an issuance could not be queued for the notifications webhook');
  }
}
