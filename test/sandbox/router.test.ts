// The sandbox router mounted inside an app under /sandbox, as Roleport's demo does: the signature
// covers the mounted path, the console lives under the mount, and a body parser in front is caught.
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import express from 'express';
import assert from 'node:assert/strict';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { createSandboxRouter } from '../../src/sandbox/index.ts';
import { BROKER, BROKER_ARN, PROD, errorOf, signedPost, testSandboxConfig } from './helpers.ts';

let server: Server;
let base: string;
const internalErrors: unknown[] = [];

before(async () => {
  const app = express();
  server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  app.use('/sandbox', createSandboxRouter({ config: testSandboxConfig(), baseUrl: `${base}/sandbox` }));
  // A body parser behind the sandbox must not disturb it; one in front of it is a wiring mistake.
  app.use('/late', express.urlencoded({ extended: false }), createSandboxRouter({ config: testSandboxConfig(), baseUrl: `${base}/late`, onInternalError: (e) => internalErrors.push(e) }));
  app.use(express.urlencoded({ extended: false }));
});
after(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const client = (endpoint: string) => new STSClient({ region: 'us-east-1', endpoint, credentials: BROKER, maxAttempts: 1 });

test('the SDK signs against the mounted path, with and without a trailing slash', async () => {
  for (const endpoint of [`${base}/sandbox/sts`, `${base}/sandbox/sts/`]) {
    const answer = await client(endpoint).send(new GetCallerIdentityCommand({}));
    assert.equal(answer.Arn, BROKER_ARN);
  }
});

test('a request signed for one path and sent to another is refused with SignatureDoesNotMatch', async () => {
  const body = 'Action=GetCallerIdentity&Version=2011-06-15';
  assert.equal((await signedPost(`${base}/sandbox/sts`, body, BROKER, { cli: true })).status, 200);
  const moved = await signedPost(`${base}/sandbox/sts`, body, BROKER, { cli: true, sendTo: `${base}/sandbox/sts/` });
  assert.equal(moved.status, 403);
  assert.equal(errorOf(moved.text).code, 'SignatureDoesNotMatch');
});

test('the console sign-in flow stays under the mount path', async () => {
  const assumed = await client(`${base}/sandbox/sts`).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${PROD}:role/Admin`, RoleSessionName: 'alice' }));
  const session = JSON.stringify({ sessionId: assumed.Credentials?.AccessKeyId, sessionKey: assumed.Credentials?.SecretAccessKey, sessionToken: assumed.Credentials?.SessionToken });
  const tokenAnswer = await fetch(`${base}/sandbox/federation?Action=getSigninToken&SessionDuration=43200&Session=${encodeURIComponent(session)}`);
  const { SigninToken } = (await tokenAnswer.json()) as { SigninToken: string };
  const login = new URL(`${base}/sandbox/federation`);
  login.search = new URLSearchParams({ Action: 'login', Issuer: `${base}/`, Destination: `${base}/sandbox/console/`, SigninToken }).toString();
  const redirect = await fetch(login, { redirect: 'manual' });
  assert.equal(redirect.status, 302);
  assert.match(redirect.headers.get('set-cookie') ?? '', /; Path=\/sandbox;/);
  const page = await fetch(redirect.headers.get('location') ?? '');
  const html = await page.text();
  assert.ok(html.includes(`arn:aws:sts::${PROD}:assumed-role/Admin/alice`));
  assert.ok(html.includes('href="/sandbox/sandbox.css"'));
});

test('mounted behind a body parser, STS answers InternalFailure and reports the wiring mistake', async () => {
  const answer = await signedPost(`${base}/late/sts`, 'Action=GetCallerIdentity&Version=2011-06-15', BROKER, { cli: true });
  assert.equal(answer.status, 500);
  assert.deepEqual(errorOf(answer.text).type, 'Receiver');
  assert.equal(errorOf(answer.text).code, 'InternalFailure');
  assert.match(String(internalErrors[0]), /must be mounted before any body parser/);
});
