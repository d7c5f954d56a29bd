// Secrets in the access log: a person (or an attacker) who can read Roleport's log must find no
// token, assertion or one-time code in the URLs it records — the sandbox STS's query-string calls
// included, which carry WebIdentityToken, SAMLAssertion, ExternalId, TokenCode and SerialNumber.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { redactUrl } from '../../src/log.ts';
import { type OidcPeer, OIDC_USERS, startOidcProvider } from '../peers/oidc-provider.ts';
import { type TestApp, startTestApp } from '../support/app.ts';
import { LOCAL_USERS, TEST_ENV } from '../support/fixtures.ts';

const ACCOUNT = '111111111111';
let peer: OidcPeer;
let app: TestApp;

before(async () => {
  peer = await startOidcProvider();
  const provider = peer.issuer.replace('https://', '');
  app = await startTestApp({
    env: TEST_ENV,
    config: {
      session: { secret: 'env:TEST_SESSION_SECRET' },
      identity: [{ id: 'corp', type: 'local', users: LOCAL_USERS }],
      sandbox: {
        accounts: [ACCOUNT],
        roles: [{
          account: ACCOUNT,
          name: 'WebDeveloper',
          trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${provider}` }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${provider}:aud`]: 'roleport' } } }] },
        }],
        oidcProviders: [{ account: ACCOUNT, issuer: peer.issuer, clientIds: ['roleport'], ca: peer.ca.caPath }],
      },
    },
  });
});
after(async () => {
  await app?.close();
  await peer?.close();
});

const accessLines = (path: string) => app.logs.filter((line) => line.includes('"req":') && line.includes(path));

describe('the access log', () => {
  it('records a sandbox AssumeRoleWithWebIdentity GET without its web identity token', async () => {
    const token = await peer.sign({ sub: OIDC_USERS.alice.sub, aud: 'roleport' });
    const query = new URLSearchParams({ Action: 'AssumeRoleWithWebIdentity', Version: '2011-06-15', RoleArn: `arn:aws:iam::${ACCOUNT}:role/WebDeveloper`, RoleSessionName: 'alice', WebIdentityToken: token });
    const response = await fetch(`${app.url}/sandbox/sts?${query}`);
    const body = await response.text();
    assert.equal(response.status, 200, body);
    assert.match(body, /<AssumeRoleWithWebIdentityResult>/);
    const [line] = accessLines('Action=AssumeRoleWithWebIdentity');
    assert.ok(line, 'the call is in the access log');
    const logged = JSON.parse(line).req.url as string;
    assert.match(logged, /WebIdentityToken=\[Redacted\]/);
    assert.match(logged, /RoleSessionName=alice/, 'harmless parameters stay, for debugging');
    for (const part of token.split('.')) assert.ok(!app.logs.some((l) => l.includes(part)), 'a part of the token reached the log');
  });

  it('redacts every STS secret and any parameter named like a token, assertion, secret, password or code', async () => {
    const secrets = {
      SAMLAssertion: 'PHNhbWxwOlJlc3BvbnNlIHNlY3JldC1hc3NlcnRpb24+',
      ExternalId: 'external-id-value-0451',
      TokenCode: '492817',
      SerialNumber: 'arn:aws:iam::111111111111:mfa/alice',
      MyRefreshToken: 'refresh-value-7731',
      clientSECRET: 'client-secret-value-1190',
      newPassword: 'new-password-value-5512',
      authCode: 'auth-code-value-8623',
      samlassertion2: 'second-assertion-value-3302',
    };
    const response = await fetch(`${app.url}/sandbox/sts?Action=AssumeRoleWithSAML&${new URLSearchParams(secrets)}&Region=us-east-1`);
    assert.equal(response.status, 400, 'the sandbox refuses the call, and still logs it');
    const [line] = accessLines('Action=AssumeRoleWithSAML');
    assert.ok(line);
    for (const [name, value] of Object.entries(secrets)) {
      assert.ok(!line.includes(value), `${name}'s value reached the log`);
      assert.ok(line.includes(`${name}=[Redacted]`), `${name} is named, its value redacted`);
    }
    assert.match(line, /Region=us-east-1/);
  });

  it('redacts whatever way the name is spelled or encoded', () => {
    assert.equal(redactUrl('/sts?webidentitytoken=a&Web%49dentityToken=b&TOKENCODE=c'), '/sts?webidentitytoken=[Redacted]&WebIdentityToken=[Redacted]&TOKENCODE=[Redacted]');
    assert.equal(redactUrl('/oidc/corp/callback?code=abc&state=def&iss=x'), '/oidc/corp/callback?code=[Redacted]&state=[Redacted]&iss=x');
  });
});
