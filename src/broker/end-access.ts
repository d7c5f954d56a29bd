// Ending a person's access: their CLI tokens and browser sessions, one audited event per token
// (token.revoked) and per session (session.ended). The actor is who did it (the person themselves, or
// an administrator); the person whose access ended is the event's target.
import type { Identity } from '../identity/index.ts';
import type { BrowserSessionInfo } from './browser-sessions.ts';
import type { CliTokenInfo } from './cli-tokens.ts';
import type { AppContext } from './context.ts';
import type { Person } from './person-index.ts';

/**
 * Where the end was asked for: `roleport logout`, the sign-out page, /sessions, an administrator, or
 * the identity source when a recheck found the person disabled, locked, gone or out of the group.
 */
export type RevokedVia = 'cli-logout' | 'sign-out' | 'sessions-page' | 'admin' | 'recheck';

type Who = Pick<Identity, 'username' | 'source'>;
type From = { ip?: string; userAgent?: string };

const asPerson = (who: Who): Person => ({ source: who.source, username: who.username });

export function auditTokenRevoked(ctx: Pick<AppContext, 'audit'>, actor: Who, client: From, token: CliTokenInfo, via: RevokedVia, person: Who = actor): void {
  ctx.audit.record({
    event: 'token.revoked',
    outcome: 'success',
    actor: asPerson(actor),
    target: asPerson(person),
    client,
    details: { client: token.client, requesterIp: token.requesterIp, approvedAt: token.approvedAt.toISOString(), via },
  });
}

export function auditSessionEnded(ctx: Pick<AppContext, 'audit'>, actor: Who, client: From, session: BrowserSessionInfo, via: RevokedVia, person: Who = actor): void {
  ctx.audit.record({
    event: 'session.ended',
    outcome: 'success',
    actor: asPerson(actor),
    target: asPerson(person),
    client,
    details: { device: session.device, sessionIp: session.ip, signedInAt: session.signedInAt.toISOString(), via },
  });
}

/** Ends the person's CLI tokens; how many were ended. */
export async function endCliTokensOf(ctx: Pick<AppContext, 'audit' | 'cliTokens'>, identity: Who, client: From, via: RevokedVia = 'sign-out', actor: Who = identity): Promise<number> {
  const ended = await ctx.cliTokens.revokeTokensOf(asPerson(identity));
  for (const token of ended) auditTokenRevoked(ctx, actor, client, token, via, identity);
  return ended.length;
}

/** Ends the person's browser sessions but `keepSid` (the one asking, which signs out by itself); how many were ended. */
export async function endBrowserSessionsOf(ctx: Pick<AppContext, 'audit' | 'browserSessions'>, person: Who, client: From, via: RevokedVia, actor: Who = person, keepSid?: string): Promise<number> {
  const ended = await ctx.browserSessions.endSessionsOf(asPerson(person), keepSid);
  for (const session of ended) auditSessionEnded(ctx, actor, client, session, via, person);
  return ended.length;
}

/** Everything the person holds: browser sessions and CLI tokens. */
export async function endAllAccessOf(ctx: Pick<AppContext, 'audit' | 'browserSessions' | 'cliTokens'>, person: Who, client: From, via: RevokedVia, actor: Who = person, keepSid?: string): Promise<{ sessions: number; tokens: number }> {
  const sessions = await endBrowserSessionsOf(ctx, person, client, via, actor, keepSid);
  const tokens = await endCliTokensOf(ctx, person, client, via, actor);
  return { sessions, tokens };
}
