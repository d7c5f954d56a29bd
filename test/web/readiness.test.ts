// /readyz: 503 only while this replica cannot serve (its own Redis session store is away), 200
// again when it is back; a directory outage is reported in the body and never makes it unready.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { BASE_DN, SERVICE_DN, SERVICE_PASSWORD, type Slapd, startSlapd } from '../peers/slapd.ts';
import { type RedisServer, startRedisServer } from '../peers/redis-server.ts';
import { type TestApp, startTestApp } from '../support/app.ts';
import { LOCAL_USERS, TEST_ENV, baseConfig } from '../support/fixtures.ts';

let redis: RedisServer;
let slapd: Slapd;
let app: TestApp;

type Report = { status: string; ready: boolean; checks: Record<string, { ok: boolean; problem?: string }>; identitySources: Record<string, { up?: boolean; problem?: string; checked?: boolean }> };
async function readyz(): Promise<{ status: number; body: Report }> {
  const response = await fetch(`${app.url}/readyz`);
  return { status: response.status, body: (await response.json()) as Report };
}

async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await sleep(100);
  }
  assert.fail(`never: ${what}`);
}

before(async () => {
  [redis, slapd] = await Promise.all([startRedisServer(), startSlapd()]);
  app = await startTestApp({
    config: baseConfig({
      session: { secret: 'env:TEST_SESSION_SECRET', store: { type: 'redis', url: 'env:REDIS_URL', prefix: `roleport-readyz-${process.pid}:` } },
      identity: [
        { id: 'corp', type: 'ldap', urls: [slapd.ldapsUrl], tls: { ca: slapd.caFile }, bind: { dn: SERVICE_DN, password: 'env:LDAP_BIND_PASSWORD' }, users: { base: `ou=people,${BASE_DN}` }, timeouts: { connect: '1s', operation: '1s' } },
        { id: 'break-glass', type: 'local', users: LOCAL_USERS },
      ],
    }),
    env: { ...TEST_ENV, REDIS_URL: redis.url, LDAP_BIND_PASSWORD: SERVICE_PASSWORD },
  });
});
after(async () => {
  await app?.close();
  await redis?.close();
  await slapd?.close();
});

describe('/readyz', () => {
  test('is 200 with every part answering, and /healthz stays plain liveness', async () => {
    const { status, body } = await readyz();
    assert.equal(status, 200);
    assert.equal(body.status, 'ready');
    assert.deepEqual(body.checks, { config: { ok: true }, sessionStore: { ok: true }, auditStore: { ok: true }, storage: { ok: true } });
    assert.deepEqual(body.identitySources, { corp: { up: true }, 'break-glass': { checked: false } });
    assert.deepEqual(await (await fetch(`${app.url}/healthz`)).json(), { status: 'ok' });
  });

  test('stays 200 while the directory is down, and the body says it is', async () => {
    await slapd.kill();
    try {
      const { status, body } = await readyz();
      assert.equal(status, 200);
      assert.equal(body.identitySources.corp.up, false);
      assert.match(body.identitySources.corp.problem ?? '', /ECONNREFUSED|refused/i);
    } finally {
      await slapd.start();
    }
    assert.equal((await readyz()).body.identitySources.corp.up, true);
  });

  test('goes 503 when its Redis session store stops, and 200 when it is back', async () => {
    await redis.stop();
    try {
      await eventually(async () => (await readyz()).status === 503, '/readyz answers 503');
      const { body } = await readyz();
      assert.equal(body.status, 'not ready');
      assert.equal(body.checks.sessionStore.ok, false);
      assert.equal(body.checks.auditStore.ok, true);
      assert.equal((await fetch(`${app.url}/healthz`)).status, 200, 'liveness does not depend on Redis');
    } finally {
      await redis.start();
    }
    await eventually(async () => (await readyz()).status === 200, '/readyz answers 200 again');
  });

  test('goes 503 at once when the replica stops serving (a SIGTERM)', async () => {
    app.ctx.readiness.stopServing();
    const { status, body } = await readyz();
    assert.equal(status, 503);
    assert.deepEqual(body.checks.config, { ok: false, problem: 'shutting down' });
  });
});
