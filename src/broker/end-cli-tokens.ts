// Ends every CLI token of a person (the "also end my CLI tokens" choice at sign-out), one audited
// token.revoked event per token, as `roleport logout` records its own.
import type { Identity } from '../identity/index.ts';
import type { CliTokenInfo } from './cli-tokens.ts';
import type { AppContext } from './context.ts';

export type RevokedVia = 'cli-logout' | 'sign-out';

export function auditTokenRevoked(ctx: Pick<AppContext, 'audit'>, identity: Pick<Identity, 'username' | 'source'>, client: { ip?: string; userAgent?: string }, token: CliTokenInfo, via: RevokedVia): void {
  ctx.audit.record({
    event: 'token.revoked',
    outcome: 'success',
    actor: { username: identity.username, source: identity.source },
    client,
    details: { client: token.client, requesterIp: token.requesterIp, approvedAt: token.approvedAt.toISOString(), via },
  });
}

/** Ends the person's CLI tokens; how many were ended. */
export async function endCliTokensOf(ctx: Pick<AppContext, 'audit' | 'cliTokens'>, identity: Pick<Identity, 'username' | 'source'>, client: { ip?: string; userAgent?: string }): Promise<number> {
  const ended = await ctx.cliTokens.revokeTokensOf({ source: identity.source, username: identity.username });
  for (const token of ended) auditTokenRevoked(ctx, identity, client, token, 'sign-out');
  return ended.length;
}
