// The browser sessions one person holds: an index per person of session ids (memory, or Redis when
// the sessions are there), scored by when each ends at the latest, so that /sessions can list them
// and any of them can be ended from elsewhere. Pages name a session by a hash of its id, never the id.
import type { Request } from 'express';
import type { SessionData, Store } from 'express-session';
import type { StoredIdentity } from '../identity/index.ts';
import { deviceName } from './device-name.ts';
import type { RedisClient } from './expiring-store.ts';
import { type Person, type PersonIndex, createMemoryPersonIndex, createRedisPersonIndex } from './person-index.ts';
import { secretHash } from './secret-hash.ts';

/** Last seen is written back at most this often, so that every click does not rewrite the session. */
const LAST_SEEN_EVERY_MS = 60_000;

export type BrowserSessionInfo = {
  /** Names the session in forms: a hash of its id. */
  handle: string;
  device: string;
  ip?: string;
  signedInAt: Date;
  lastSeenAt: Date;
  /** The session asking. */
  current: boolean;
};

export type BrowserSessions = ReturnType<typeof createBrowserSessions>;

const personOf = (identity: StoredIdentity): Person => ({ source: identity.source, username: identity.username });
const samePerson = (identity: StoredIdentity | undefined, person: Person) => identity?.source === person.source && identity.username === person.username;

function call<T>(run: (done: (error: unknown, value?: T) => void) => void): Promise<T | undefined> {
  return new Promise((resolve, reject) => run((error, value) => (error ? reject(error) : resolve(value ?? undefined))));
}

export function createBrowserSessions(options: { store: Store; index: PersonIndex; clock: () => Date; idleSeconds: number; absoluteSeconds: number }) {
  const { store, index, clock } = options;
  const now = () => clock().getTime();
  const endOf = (data: Pick<SessionData, 'signedInAt' | 'lastSeenAt'>) => Math.min((data.lastSeenAt ?? now()) + options.idleSeconds * 1000, (data.signedInAt ?? now()) + options.absoluteSeconds * 1000);

  async function sessionsOf(person: Person): Promise<{ sid: string; data: SessionData }[]> {
    const found: { sid: string; data: SessionData }[] = [];
    for (const sid of await index.list(person, now())) {
      const data = await call<SessionData | null>((done) => store.get(sid, done));
      // Signed out, expired in the store or taken over by someone else: the index forgets it.
      if (!data || !samePerson(data.identity, person)) await index.remove(person, sid);
      else found.push({ sid, data });
    }
    return found;
  }

  function present(sid: string, data: SessionData, currentSid?: string): BrowserSessionInfo {
    return {
      handle: secretHash(sid),
      device: deviceName(data.userAgent),
      ip: data.ip,
      signedInAt: new Date(data.signedInAt ?? 0),
      lastSeenAt: new Date(data.lastSeenAt ?? data.signedInAt ?? 0),
      current: sid === currentSid,
    };
  }

  async function destroy(person: Person, sid: string): Promise<void> {
    await call((done) => store.destroy(sid, done));
    await index.remove(person, sid);
  }

  return {
    /** Called on every request with a session: notes a signed-in one in its person's index, and when it was last seen. */
    async seen(req: Request): Promise<void> {
      const data = req.session;
      if (!data?.identity) return;
      if (data.lastSeenAt !== undefined && now() - data.lastSeenAt < LAST_SEEN_EVERY_MS) return;
      data.lastSeenAt = now();
      if (data.ip === undefined) data.ip = req.ip;
      if (data.userAgent === undefined) data.userAgent = req.get('user-agent')?.slice(0, 200);
      await index.add(personOf(data.identity), req.sessionID, endOf(data));
    },

    /** The person's live browser sessions, most recently seen first. */
    async listSessionsOf(person: Person, currentSid?: string): Promise<BrowserSessionInfo[]> {
      const listed = (await sessionsOf(person)).map(({ sid, data }) => present(sid, data, currentSid));
      return listed.sort((a, b) => b.lastSeenAt.getTime() - a.lastSeenAt.getTime());
    },

    /** Ends the person's session named by `handle`; what it was, or undefined when it is not theirs or gone. */
    async end(person: Person, handle: string, currentSid?: string): Promise<BrowserSessionInfo | undefined> {
      const match = (await sessionsOf(person)).find(({ sid }) => secretHash(sid) === handle);
      if (!match) return undefined;
      await destroy(person, match.sid);
      return present(match.sid, match.data, currentSid);
    },

    /** Ends every session of the person except `keepSid`; the ones ended. */
    async endSessionsOf(person: Person, keepSid?: string): Promise<BrowserSessionInfo[]> {
      const ended: BrowserSessionInfo[] = [];
      for (const { sid, data } of await sessionsOf(person)) {
        if (sid === keepSid) continue;
        await destroy(person, sid);
        ended.push(present(sid, data));
      }
      return ended;
    },

    /** The session is being signed out: the index need not wait for the next read to forget it. */
    async forget(person: Person, sid: string): Promise<void> {
      await index.remove(person, sid);
    },
  };
}

/** The index beside the sessions: in Redis (under `<prefix>web:`) when given a client, else in memory. */
export function openBrowserSessions(options: { store: Store; redis?: RedisClient; prefix: string; clock: () => Date; idleSeconds: number; absoluteSeconds: number }): BrowserSessions {
  // The index outlives any session in it by a minute, so a slow clock never drops a live entry.
  const index = options.redis ? createRedisPersonIndex(options.redis, `${options.prefix}web:`, (options.absoluteSeconds + 60) * 1000, 'sessions-of') : createMemoryPersonIndex();
  return createBrowserSessions({ ...options, index });
}
