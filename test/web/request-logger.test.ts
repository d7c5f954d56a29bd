// The access log: a request that wrote an audit event is that one line (log.access.audited: folded,
// the default) or two (separate); log.access.sample thins the other successful requests, never failures.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createClient } from '../support/http-client.ts';
import { type TestApp, startTestApp } from '../support/app.ts';
import { PASSWORDS, TEST_ENV, baseConfig } from '../support/fixtures.ts';

type LogLine = { msg: string; requestId?: string; req?: { id?: string; method?: string; url?: string }; audit?: { event: string } };
const linesFor = (app: TestApp, requestId: string | null) => app.logs.map((line) => JSON.parse(line) as LogLine).filter((line) => (line.requestId ?? line.req?.id) === requestId);

/** Waits until the app has logged a later request: the lines of earlier ones are all written by then. */
async function settle(app: TestApp): Promise<void> {
  const id = (await fetch(`${app.url}/healthz`)).headers.get('x-request-id');
  for (let i = 0; i < 100 && linesFor(app, id).length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** Bob asks for a role he does not have: a 403, audited as role.refused; the lines of that request. */
async function refusedRequest(app: TestApp): Promise<LogLine[]> {
  const bob = createClient(app.url);
  await bob.login('bob', PASSWORDS.bob, undefined, undefined);
  const answer = await bob.get('/roles/prod/Admin');
  assert.equal(answer.status, 403);
  await settle(app);
  return linesFor(app, answer.headers.get('x-request-id'));
}

let folded: TestApp;
let separate: TestApp;
let sampled: TestApp;
before(async () => {
  folded = await startTestApp({ config: baseConfig(), env: TEST_ENV });
  separate = await startTestApp({ config: baseConfig({ log: { access: { audited: 'separate' } } }), env: TEST_ENV });
  sampled = await startTestApp({ config: baseConfig({ log: { access: { sample: 0.5 } } }), env: TEST_ENV });
});
after(async () => {
  await folded.close();
  await separate.close();
  await sampled.close();
});

describe('the access log', () => {
  test('by default an audited request is one line: the audit event, naming the method and URL', async () => {
    const lines = await refusedRequest(folded);
    assert.deepEqual(lines.map((line) => line.msg), ['role.refused']);
    assert.equal(lines[0].req?.method, 'GET');
    assert.equal(lines[0].req?.url, '/roles/prod/Admin');
  });

  test('with audited: separate the request also has its access line', async () => {
    const lines = await refusedRequest(separate);
    assert.deepEqual(lines.map((line) => line.msg), ['role.refused', 'request completed']);
  });

  test('sample: 0.5 logs every second successful request, and every failure', async () => {
    const ids: (string | null)[] = [];
    for (let i = 0; i < 4; i++) ids.push((await fetch(`${sampled.url}/healthz`)).headers.get('x-request-id'));
    const missing: (string | null)[] = [];
    for (let i = 0; i < 2; i++) {
      const answer = await fetch(`${sampled.url}/no-such-page`);
      assert.equal(answer.status, 404);
      missing.push(answer.headers.get('x-request-id'));
    }
    // Failures are always logged: once the last one is, every earlier line is written too.
    for (let i = 0; i < 100 && linesFor(sampled, missing[1]).length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.deepEqual(missing.map((id) => linesFor(sampled, id).length), [1, 1]);
    assert.equal(ids.map((id) => linesFor(sampled, id).length).reduce((a, b) => a + b), 2);
  });
});
