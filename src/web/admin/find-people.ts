// Whom an administrator may look for: people with a live browser session or CLI token (looked up by
// the typed username in every identity source), or with a recent audit record (as actor or target).
import type { AppContext, Person } from '../../broker/index.ts';

/** How many of the newest audit records are searched for names. */
const AUDIT_SCAN = 2000;

export type FoundPerson = Person & { sessions: number; tokens: number };

type Candidate = Person & { audited: boolean };

const keyOf = (p: Person) => `${p.source}\u0000${p.username}`;

export async function findPeople(ctx: Pick<AppContext, 'audit' | 'browserSessions' | 'cliTokens' | 'sources'>, query: string): Promise<FoundPerson[]> {
  const typed = query.trim();
  if (!typed) return [];
  const candidates = new Map<string, Candidate>();
  for (const source of ctx.sources) candidates.set(keyOf({ source: source.id, username: typed }), { source: source.id, username: typed, audited: false });
  for (const record of await ctx.audit.recent(AUDIT_SCAN)) {
    for (const who of [record.actor, record.target]) {
      if (!who?.username || !who.source || !who.username.toLowerCase().includes(typed.toLowerCase())) continue;
      candidates.set(keyOf({ source: who.source, username: who.username }), { source: who.source, username: who.username, audited: true });
    }
  }
  const found: FoundPerson[] = [];
  for (const { audited, ...person } of candidates.values()) {
    const sessions = (await ctx.browserSessions.listSessionsOf(person)).length;
    const tokens = (await ctx.cliTokens.listTokensOf(person)).length;
    if (audited || sessions + tokens > 0) found.push({ ...person, sessions, tokens });
  }
  return found.sort((a, b) => a.username.localeCompare(b.username) || a.source.localeCompare(b.source));
}
