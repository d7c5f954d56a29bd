// What /sessions and the administrator's view of a person show: browser sessions and CLI tokens,
// with times a person reads (UTC, to the minute).
import type { AppContext, BrowserSessionInfo, CliTokenInfo, Person } from '../../broker/index.ts';

const shown = (date: Date) => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

export type AccessView = {
  sessions: { handle: string; device: string; ip?: string; signedInAt: string; lastSeenAt: string; current: boolean }[];
  tokens: { tokenHash: string; client: string; ip?: string; approvedAt: string; expiresAt: string }[];
};

export function presentAccess(sessions: BrowserSessionInfo[], tokens: CliTokenInfo[]): AccessView {
  return {
    sessions: sessions.map((s) => ({ handle: s.handle, device: s.device, ip: s.ip, signedInAt: shown(s.signedInAt), lastSeenAt: shown(s.lastSeenAt), current: s.current })),
    tokens: tokens.map((t) => ({ tokenHash: t.tokenHash, client: t.client ?? 'a command line', ip: t.requesterIp, approvedAt: shown(t.approvedAt), expiresAt: shown(t.expiresAt) })),
  };
}

export async function accessOf(ctx: Pick<AppContext, 'browserSessions' | 'cliTokens'>, person: Person, currentSid?: string): Promise<AccessView> {
  return presentAccess(await ctx.browserSessions.listSessionsOf(person, currentSid), await ctx.cliTokens.listTokensOf(person));
}
