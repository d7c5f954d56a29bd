// GET /metrics: Prometheus text whose counters move after a sign-in, an issuance and a refusal;
// loopback only unless a bearer token is set.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_PASSWORD } from '../../src/config/index.ts';
import { type TestApp, startTestApp } from '../support/app.ts';
import { PASSWORDS, TEST_ENV, baseConfig } from '../support/fixtures.ts';
import { createClient, hiddenField } from '../support/http-client.ts';

/** Prometheus text format: `name{label="v",...} value` lines, # HELP / # TYPE comments. */
function parse(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^}]*\})?) (-?[0-9.eE+-]+|NaN|\+Inf|-Inf)$/.exec(line);
    assert.ok(match, `not Prometheus text: ${line}`);
    samples.set(match[1], Number(match[2]));
  }
  return samples;
}

let demo: TestApp;
let guarded: TestApp;
before(async () => {
  demo = await startTestApp({ demo: true });
  guarded = await startTestApp({ config: baseConfig({ metrics: { token: 'env:METRICS_TOKEN' } }), env: { ...TEST_ENV, METRICS_TOKEN: 'metrics-token-1' } });
});
after(async () => {
  await demo.close();
  await guarded.close();
});

const scrape = async (app: TestApp, init?: RequestInit) => parse(await (await fetch(`${app.url}/metrics`, init)).text());
const value = (samples: Map<string, number>, key: string) => samples.get(key) ?? 0;

describe('/metrics', () => {
  test('counters move after a sign-in, an issuance and a refusal; process metrics are there', async () => {
    const before = await scrape(demo);
    assert.ok(before.has('nodejs_eventloop_lag_seconds'));
    assert.ok(before.has('process_resident_memory_bytes'));
    const client = createClient(demo.url);
    assert.equal((await client.login('alice', 'wrong-password')).status, 401);
    assert.equal((await client.login('alice', DEMO_PASSWORD)).status, 303);
    const csrf = hiddenField(await (await client.get('/keys/sandbox-dev/Developer')).text(), '_csrf')!;
    assert.equal((await client.post('/keys/sandbox-dev/Developer', { _csrf: csrf })).status, 200);
    const bob = createClient(demo.url);
    await bob.login('bob', DEMO_PASSWORD);
    assert.equal((await bob.get('/keys/sandbox-prod/Admin')).status, 403);

    const after = await scrape(demo);
    const moved = (key: string) => value(after, key) - value(before, key);
    assert.equal(moved('roleport_sign_ins_total{source="demo",outcome="refused"}'), 1);
    assert.equal(moved('roleport_sign_ins_total{source="demo",outcome="success"}'), 2);
    assert.equal(moved('roleport_issuances_total{kind="credentials",method="assume-role",outcome="success"}'), 1);
    assert.equal(moved('roleport_audit_events_total{event="role.refused",outcome="refused"}'), 1);
    assert.equal(moved('roleport_sts_call_duration_seconds_count{action="AssumeRole",outcome="ok"}'), 1);
  });

  test('with a token, only a matching bearer token reads them', async () => {
    assert.equal((await fetch(`${guarded.url}/metrics`)).status, 403);
    assert.equal((await fetch(`${guarded.url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status, 403);
    const ok = await fetch(`${guarded.url}/metrics`, { headers: { authorization: 'Bearer metrics-token-1' } });
    assert.equal(ok.status, 200);
    assert.match(ok.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  });
});
