// /sessions: the signed-in person's browser sessions and CLI tokens; end one, or sign out everywhere.
import type { Request, Response } from 'express';
import {
  type AppContext,
  auditSessionEnded,
  auditTokenRevoked,
  clientInfo,
  currentIdentity,
  endAllAccessOf,
  type Person,
  requireSignIn,
  type RouteModule,
  signOut,
} from '../../broker/index.ts';
import { decodeAuditCursor, encodeAuditCursor, readAuditPage } from '../../audit/index.ts';
import { accessOf } from '../access/access-view.ts';
import { auditRow } from '../audit/audit-rows.ts';
import { formField } from '../access/form-field.ts';

/** How many of a person's own audit records /sessions shows at a time. */
const HISTORY_PAGE = 20;

const NOTICES: Record<string, string> = {
  session: 'That session is signed out.',
  token: 'That command line is signed out.',
  gone: 'That one had already ended.',
};

function personOf(req: Request): Person {
  const identity = currentIdentity(req)!;
  return { source: identity.source, username: identity.username };
}

/** Ends the asking session itself, audited as the others are, and sends the person to sign in. */
async function endThisSession(req: Request, res: Response, ctx: AppContext, person: Person): Promise<void> {
  const current = (await ctx.browserSessions.listSessionsOf(person, req.sessionID)).find((s) => s.current);
  if (current) auditSessionEnded(ctx, person, clientInfo(req), current, 'sessions-page');
  await signOut(req, res, ctx);
  res.redirect(303, '/login?signedOut=1');
}

export const sessionsRoutes: RouteModule = {
  name: 'sessions',
  mount(router, ctx) {
    router.use('/sessions', requireSignIn);

    router.get('/sessions', async (req, res) => {
      const notice = typeof req.query.ended === 'string' ? NOTICES[req.query.ended] : undefined;
      const person = personOf(req);
      const after = decodeAuditCursor(req.query.history);
      // Their own history: what they did, and what was done to their access (as its target).
      const history = await readAuditPage(ctx.audit, { person }, after, HISTORY_PAGE);
      res.set('Cache-Control', 'no-store');
      res.render('sessions', {
        title: 'Your sessions',
        notice,
        ...(await accessOf(ctx, person, req.sessionID)),
        history: {
          searchable: ctx.audit.searchable,
          rows: history.records.map(auditRow),
          older: history.next ? `/sessions?history=${encodeAuditCursor(history.next)}#history` : undefined,
          newest: after ? '/sessions#history' : undefined,
        },
      });
    });

    router.post('/sessions/end', async (req, res) => {
      const person = personOf(req);
      const handle = formField(req.body, 'session', 128);
      const current = (await ctx.browserSessions.listSessionsOf(person, req.sessionID)).find((s) => s.current);
      if (current?.handle === handle) return endThisSession(req, res, ctx, person);
      const ended = await ctx.browserSessions.end(person, handle);
      if (ended) auditSessionEnded(ctx, person, clientInfo(req), ended, 'sessions-page');
      res.redirect(303, `/sessions?ended=${ended ? 'session' : 'gone'}`);
    });

    router.post('/sessions/tokens/end', async (req, res) => {
      const person = personOf(req);
      const tokenHash = formField(req.body, 'token', 128);
      // Only one of the person's own tokens: a hash of anyone else's is "already ended".
      const own = (await ctx.cliTokens.listTokensOf(person)).some((t) => t.tokenHash === tokenHash);
      const revoked = own ? await ctx.cliTokens.revoke(tokenHash) : undefined;
      if (revoked) auditTokenRevoked(ctx, person, clientInfo(req), revoked, 'sessions-page');
      res.redirect(303, `/sessions?ended=${revoked ? 'token' : 'gone'}`);
    });

    router.post('/sessions/everywhere', async (req, res) => {
      const person = personOf(req);
      await endAllAccessOf(ctx, person, clientInfo(req), 'sessions-page', person, req.sessionID);
      await endThisSession(req, res, ctx, person);
    });
  },
};
