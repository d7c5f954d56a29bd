// The sandbox's AssumeRoleWithWebIdentity against ID tokens of a real provider (oidc-provider over
// https under /realms/corp, keys from its discovery document): what AWS accepts, and what it refuses.
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { JWTPayload } from 'jose';
import { checkSandboxSection } from '../../src/config/sandbox.ts';
import { type SandboxServer, startSandboxServer } from '../../src/sandbox/index.ts';
import { type OidcPeer, OIDC_USERS, startOidcProvider } from '../peers/oidc-provider.ts';
import { keysOf, refusal } from './helpers.ts';

const ACCOUNT = '111111111111';
let peer: OidcPeer;
let sandbox: SandboxServer;
let provider: string; // the issuer without https://, as AWS names the provider

const caThumbprint = (path: string) => new X509Certificate(readFileSync(path)).fingerprint.replace(/:/g, '');

function sandboxConfig(issuer: string, ca: string) {
  provider = issuer.replace('https://', '');
  const federated = `arn:aws:iam::${ACCOUNT}:oidc-provider/${provider}`;
  const trust = (condition: Record<string, unknown>, actions: string[] = ['sts:AssumeRoleWithWebIdentity']) => ({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Federated: federated }, Action: actions, Condition: condition }],
  });
  const raw = {
    accounts: [ACCOUNT, '222222222222', '333333333333'],
    roles: [
      { account: '333333333333', name: 'Developer', trustPolicy: trust({}) },
      { account: ACCOUNT, name: 'Developer', maxSessionDuration: '2h', trustPolicy: trust({ StringEquals: { [`${provider}:aud`]: 'roleport' } }) },
      { account: ACCOUNT, name: 'AliceOnly', trustPolicy: trust({ StringEquals: { [`${provider}:aud`]: 'roleport', [`${provider}:sub`]: OIDC_USERS.alice.sub } }) },
      { account: ACCOUNT, name: 'Tagged', trustPolicy: trust({ StringEquals: { [`${provider}:aud`]: 'roleport' } }, ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession']) },
    ],
    oidcProviders: [
      // The thumbprint of the test CA, which tops the chain the provider's key host presents.
      { account: ACCOUNT, issuer, clientIds: ['roleport', 'other-app'], ca, thumbprints: ['0'.repeat(40), caThumbprint(ca)] },
      { account: '333333333333', issuer, clientIds: ['roleport'], ca, thumbprints: ['9'.repeat(40)] },
      // The same issuer trusted by another account, without the test CA: its keys cannot be fetched.
      { account: '222222222222', issuer, clientIds: ['roleport'] },
    ],
  };
  return checkSandboxSection(raw, { env: {}, baseDir: process.cwd(), file: '(test)' }).sandbox;
}

const unsigned = () => new STSClient({ region: 'us-east-1', endpoint: sandbox.stsUrl, maxAttempts: 1, credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' } });
const aliceClaims = (extra: JWTPayload = {}): JWTPayload => ({ sub: OIDC_USERS.alice.sub, aud: 'roleport', email: 'alice@example.com', ...extra });
const assume = (token: string, role = 'Developer', account = ACCOUNT, extra: Partial<{ DurationSeconds: number }> = {}) =>
  unsigned().send(new AssumeRoleWithWebIdentityCommand({ RoleArn: `arn:aws:iam::${account}:role/${role}`, RoleSessionName: 'alice', WebIdentityToken: token, ...extra }));

before(async () => {
  peer = await startOidcProvider({ path: '/realms/corp' });
  sandbox = await startSandboxServer({ config: sandboxConfig(peer.issuer, peer.ca.caPath), port: 0, host: '127.0.0.1' });
});
after(async () => {
  await sandbox?.close();
  await peer?.close();
});

describe('AssumeRoleWithWebIdentity in the sandbox', () => {
  it('gives alice a role session for her ID token, and the keys work for GetCallerIdentity', async () => {
    const answer = await assume(await peer.sign(aliceClaims()));
    assert.equal(answer.AssumedRoleUser?.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/Developer/alice`);
    assert.equal(answer.SubjectFromWebIdentityToken, OIDC_USERS.alice.sub);
    assert.equal(answer.Provider, peer.issuer);
    assert.equal(answer.Audience, 'roleport');
    const expiresIn = (answer.Credentials?.Expiration?.getTime() ?? 0) - Date.now();
    assert.ok(expiresIn > 3500_000 && expiresIn <= 3600_000, 'one hour by default');
    const keys = keysOf(answer.Credentials);
    const caller = await new STSClient({ region: 'us-east-1', endpoint: sandbox.stsUrl, maxAttempts: 1, credentials: keys }).send(new GetCallerIdentityCommand({}));
    assert.equal(caller.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/Developer/alice`);
    assert.equal(caller.Account, ACCOUNT);
  });

  it('accepts ES256 tokens and fetches the provider keys once for many calls', async () => {
    const before = peer.jwksFetches();
    await assume(await peer.sign(aliceClaims(), { alg: 'ES256' }));
    await assume(await peer.sign(aliceClaims()));
    assert.ok(peer.jwksFetches() >= 1, 'the keys came from the provider');
    assert.ok(peer.jwksFetches() - before <= 1, `JWKS fetched ${peer.jwksFetches() - before} times`);
  });

  it('checks the trust policy with the provider host and path as condition keys (…/realms/corp:sub)', async () => {
    assert.match(provider, /^127\.0\.0\.1:\d+\/realms\/corp$/);
    await assume(await peer.sign(aliceClaims()), 'AliceOnly');
    const bob = await refusal(assume(await peer.sign(aliceClaims({ sub: OIDC_USERS.bob.sub })), 'AliceOnly'));
    assert.deepEqual({ name: bob.name, message: bob.message, status: bob.status }, { name: 'AccessDenied', message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity', status: 403 });
  });

  it('refuses an audience the provider does not list', async () => {
    const answer = await refusal(assume(await peer.sign(aliceClaims({ aud: 'someone-else' }))));
    assert.deepEqual({ name: answer.name, message: answer.message, status: answer.status }, { name: 'InvalidIdentityTokenException', message: 'Incorrect token audience', status: 400 });
  });

  it('accepts another listed client id, which the trust policy then refuses', async () => {
    const answer = await refusal(assume(await peer.sign(aliceClaims({ aud: 'other-app' }))));
    assert.equal(answer.name, 'AccessDenied');
  });

  it('refuses an expired token with ExpiredTokenException', async () => {
    const now = Math.floor(Date.now() / 1000);
    const answer = await refusal(assume(await peer.sign(aliceClaims({ iat: now - 7200, exp: now - 60 }))));
    assert.equal(answer.name, 'ExpiredTokenException');
    assert.equal(answer.status, 400);
    assert.match(answer.message, new RegExp(`^Token expired: current date/time \\d+ must be before the expiration date/time ${now - 60}$`));
  });

  it('refuses a token signed by a key the provider never published', async () => {
    const answer = await refusal(assume(await peer.signWithForeignKey(aliceClaims())));
    assert.equal(answer.name, 'InvalidIdentityTokenException');
    assert.equal(answer.message, 'The web identity token’s signature could not be verified with the identity provider’s keys.');
  });

  it("refuses a token with alg 'none'", async () => {
    const answer = await refusal(assume(peer.unsigned(aliceClaims())));
    assert.equal(answer.name, 'InvalidIdentityTokenException');
    assert.equal(answer.message, "The web identity token is signed with 'none'; STS accepts RS256, RS384, RS512, ES256, ES384, ES512.");
  });

  it('refuses a token from an issuer the account has no provider for', async () => {
    const answer = await refusal(assume(await peer.sign(aliceClaims({ iss: 'https://login.example.com' }))));
    assert.equal(answer.name, 'InvalidIdentityTokenException');
    assert.equal(answer.message, 'No OpenIDConnect provider found in your account for https://login.example.com');
  });

  it('refuses what is not a JWT at all', async () => {
    const answer = await refusal(assume('an-opaque-access-token'));
    assert.equal(answer.message, 'The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)');
  });

  it('answers IDPCommunicationError when the provider keys cannot be fetched over verified TLS', async () => {
    const answer = await refusal(assume(await peer.sign(aliceClaims()), 'Developer', '222222222222'));
    assert.equal(answer.name, 'IDPCommunicationErrorException');
    assert.equal(answer.status, 400);
  });

  it("refuses tokens when the provider's certificate chain does not end in a configured thumbprint", async () => {
    const answer = await refusal(assume(await peer.sign(aliceClaims()), 'Developer', '333333333333'));
    assert.deepEqual({ name: answer.name, message: answer.message }, { name: 'InvalidIdentityTokenException', message: "OpenIDConnect provider's HTTPS certificate doesn't match configured thumbprint" });
  });

  it('needs sts:TagSession for session tags carried in the token', async () => {
    const tags = { 'https://aws.amazon.com/tags': { principal_tags: { department: ['platform'] }, transitive_tag_keys: ['department'] } };
    const refused = await refusal(assume(await peer.sign(aliceClaims(tags))));
    assert.equal(refused.name, 'AccessDenied');
    const answer = await assume(await peer.sign(aliceClaims(tags)), 'Tagged');
    assert.equal(answer.AssumedRoleUser?.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/Tagged/alice`);
  });

  it("refuses a duration beyond the role's maximum with ValidationError", async () => {
    const answer = await refusal(assume(await peer.sign(aliceClaims()), 'Developer', ACCOUNT, { DurationSeconds: 3 * 3600 }));
    assert.deepEqual({ name: answer.name, message: answer.message }, { name: 'ValidationError', message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.' });
  });
});
