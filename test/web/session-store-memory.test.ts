// The demo's memory session store drops expired sessions by itself, so idle visitors don't pile up.
import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import type { SessionData } from 'express-session';
import { createLogger } from '../../src/log.ts';
import { openSessionStore } from '../../src/web/index.ts';

test('expired sessions leave the memory store within a minute, live ones stay', async () => {
  mock.timers.enable({ apis: ['setInterval'] });
  try {
    const opened = await openSessionStore({ secret: { value: 'x', from: 'env:X' }, idleTimeout: 1800, absoluteTimeout: 43200, recheckAfter: 900, cookieName: 'roleport.sid', store: { type: 'memory' } }, createLogger({ level: 'silent' }), 2000);
    const store = opened.store!;
    const cookie = (expires: Date) => ({ cookie: { originalMaxAge: 1000, expires, httpOnly: true, path: '/' } }) as unknown as SessionData;
    await new Promise<void>((resolve) => store.set('gone', cookie(new Date(Date.now() - 1000)), () => resolve()));
    await new Promise<void>((resolve) => store.set('live', cookie(new Date(Date.now() + 600_000)), () => resolve()));
    const ids = () => Object.keys((store as unknown as { sessions: Record<string, string> }).sessions);
    assert.deepEqual(ids().sort(), ['gone', 'live']);
    mock.timers.tick(60_000);
    assert.deepEqual(ids(), ['live']);
    await opened.close();
  } finally {
    mock.timers.reset();
  }
});
