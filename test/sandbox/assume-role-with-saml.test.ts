// The sandbox's AssumeRoleWithSAML, called with the AWS SDK and SAML responses signed by a test IdP
// key pair: what AWS accepts (and the fields it answers with), and what it refuses, with its error codes.
import { AssumeRoleWithSAMLCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { checkSandboxSection } from '../../src/config/sandbox.ts';
import { type SandboxServer, startSandboxServer } from '../../src/sandbox/index.ts';
import { makeCertificate } from '../peers/simplesamlphp.ts';
import { type ForgeOptions, type Signer, forgeResponse } from '../peers/saml/forge.ts';
import { keysOf, refusal } from './helpers.ts';

const ACCOUNT = '111111111111';
const OTHER = '222222222222';
const ISSUER = 'https://idp.test/metadata';
const SIGNIN = 'https://signin.aws.amazon.com/saml';
const ROLEPORT_ACS = 'https://roleport.test/saml/corp-aws/acs';
const PROVIDER = `arn:aws:iam::${ACCOUNT}:saml-provider/corp`;
const META_PROVIDER = `arn:aws:iam::${ACCOUNT}:saml-provider/from-metadata`;
const ATTR = 'https://aws.amazon.com/SAML/Attributes/';
const role = (name: string, account = ACCOUNT) => `arn:aws:iam::${account}:role/${name}`;

let dir: string;
let idp: Signer;
let intruder: Signer;
let sandbox: SandboxServer;

function sandboxConfig() {
  const trust = (provider: string, aud: string, actions: string[] = ['sts:AssumeRoleWithSAML']) => ({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Federated: provider }, Action: actions, Condition: { StringEquals: { 'SAML:aud': aud } } }],
  });
  const metadata = join(dir, 'idp-metadata.xml');
  writeFileSync(metadata, `<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${ISSUER}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${idp.cert.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '')}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.test/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`);
  const raw = {
    accounts: [ACCOUNT, OTHER],
    roles: [
      { account: ACCOUNT, name: 'Operator', maxSessionDuration: '2h', trustPolicy: trust(PROVIDER, SIGNIN) },
      { account: ACCOUNT, name: 'ViaRoleport', trustPolicy: trust(PROVIDER, ROLEPORT_ACS) },
      { account: ACCOUNT, name: 'FromMetadata', trustPolicy: trust(META_PROVIDER, SIGNIN) },
      { account: ACCOUNT, name: 'Tagged', trustPolicy: trust(PROVIDER, SIGNIN, ['sts:AssumeRoleWithSAML', 'sts:TagSession']) },
      { account: OTHER, name: 'Operator', trustPolicy: trust(PROVIDER, SIGNIN) },
    ],
    samlProviders: [
      { account: ACCOUNT, name: 'corp', certificate: join(dir, 'idp.crt') },
      { account: ACCOUNT, name: 'from-metadata', metadata },
    ],
  };
  return checkSandboxSection(raw, { env: {}, baseDir: dir, file: '(test)' }).sandbox;
}

const client = () => new STSClient({ region: 'us-east-1', endpoint: sandbox.stsUrl, maxAttempts: 1, credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' } });

function assertion(extra: Partial<ForgeOptions> = {}, attributes: Record<string, string | string[]> = {}, signer: Signer | null = idp): string {
  return forgeResponse(
    {
      issuer: ISSUER,
      audience: 'urn:amazon:webservices',
      recipient: SIGNIN,
      destination: SIGNIN,
      nameId: 'alice',
      attributes: {
        [`${ATTR}Role`]: [`${role('Operator')},${PROVIDER}`, `${PROVIDER},${role('ViaRoleport')}`, `${role('FromMetadata')},${META_PROVIDER}`, `${role('Tagged')},${PROVIDER}`, `${role('Operator', OTHER)},${PROVIDER}`],
        [`${ATTR}RoleSessionName`]: 'alice@example.org',
        ...attributes,
      },
      ...extra,
    },
    signer ?? undefined,
  );
}

const assume = (samlAssertion: string, roleArn = role('Operator'), principalArn = PROVIDER, extra: { DurationSeconds?: number } = {}) =>
  client().send(new AssumeRoleWithSAMLCommand({ RoleArn: roleArn, PrincipalArn: principalArn, SAMLAssertion: samlAssertion, ...extra }));

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'roleport-sandbox-saml-'));
  idp = makeCertificate(dir, 'idp');
  intruder = makeCertificate(dir, 'intruder');
  sandbox = await startSandboxServer({ config: sandboxConfig(), port: 0, host: '127.0.0.1' });
});
after(async () => {
  await sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sandbox AssumeRoleWithSAML', () => {
  it('issues a role session for a signed assertion, answering with the SAML fields AWS returns', async () => {
    const answer = await assume(assertion());
    assert.equal(answer.AssumedRoleUser?.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/Operator/alice@example.org`);
    assert.equal(answer.Subject, 'alice');
    assert.equal(answer.SubjectType, 'persistent');
    assert.equal(answer.Issuer, ISSUER);
    assert.equal(answer.Audience, SIGNIN);
    assert.equal(answer.NameQualifier, createHash('sha1').update(`${ISSUER}${ACCOUNT}/corp`).digest('base64'));
    const caller = await new STSClient({ region: 'us-east-1', endpoint: sandbox.stsUrl, credentials: keysOf(answer.Credentials), maxAttempts: 1 }).send(new GetCallerIdentityCommand({}));
    assert.equal(caller.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/Operator/alice@example.org`);
  });

  it("evaluates SAML:aud from the Recipient: Roleport's ACS for a role that trusts it, not AWS's sign-in URL", async () => {
    const viaRoleport = assertion({ recipient: ROLEPORT_ACS, destination: ROLEPORT_ACS });
    assert.equal((await assume(viaRoleport, role('ViaRoleport'))).Audience, ROLEPORT_ACS);
    const refused = await refusal(assume(assertion({ recipient: ROLEPORT_ACS, destination: ROLEPORT_ACS }), role('Operator')));
    assert.equal(refused.name, 'AccessDenied');
    assert.equal(refused.message, 'Not authorized to perform sts:AssumeRoleWithSAML');
  });

  it('checks the signature against a provider made from IdP metadata', async () => {
    assert.match((await assume(assertion(), role('FromMetadata'), META_PROVIDER)).AssumedRoleUser?.Arn ?? '', /assumed-role\/FromMetadata\//);
  });

  it('issues for DurationSeconds up to the role maximum and refuses more', async () => {
    const answer = await assume(assertion(), role('Operator'), PROVIDER, { DurationSeconds: 7200 });
    const lifetime = (answer.Credentials!.Expiration!.getTime() - Date.now()) / 1000;
    assert.ok(lifetime > 7100 && lifetime <= 7200, `lifetime ${lifetime}`);
    const tooLong = await refusal(assume(assertion(), role('Operator'), PROVIDER, { DurationSeconds: 10800 }));
    assert.equal(tooLong.name, 'ValidationError');
  });

  it('passes PrincipalTag attributes as session tags when the trust policy allows sts:TagSession', async () => {
    assert.ok((await assume(assertion({}, { [`${ATTR}PrincipalTag:team`]: 'platform' }), role('Tagged'))).Credentials);
    const refused = await refusal(assume(assertion({}, { [`${ATTR}PrincipalTag:team`]: 'platform' }), role('Operator')));
    assert.equal(refused.name, 'AccessDenied');
  });

  it('refuses an assertion signed with another key', async () => {
    const refused = await refusal(assume(assertion({}, {}, intruder)));
    assert.equal(refused.name, 'InvalidIdentityTokenException');
    assert.equal(refused.message, 'The SAML assertion could not be validated with the certificates of the SAML provider.');
  });

  it('refuses an unsigned assertion and a tampered one', async () => {
    assert.equal((await refusal(assume(assertion({}, {}, null)))).name, 'InvalidIdentityTokenException');
    const signed = Buffer.from(assertion(), 'base64').toString('utf8');
    const tampered = Buffer.from(signed.replace('alice@example.org', 'root@example.org')).toString('base64');
    assert.equal((await refusal(assume(tampered))).name, 'InvalidIdentityTokenException');
  });

  it('refuses an assertion whose audience is not urn:amazon:webservices', async () => {
    const refused = await refusal(assume(assertion({ audience: 'https://roleport.test/saml/corp' })));
    assert.equal(refused.name, 'InvalidIdentityTokenException');
    assert.equal(refused.message, 'The SAML assertion is not for AWS: its Audience must be urn:amazon:webservices.');
  });

  it('refuses an expired assertion with ExpiredTokenException', async () => {
    const refused = await refusal(assume(assertion({ now: new Date(Date.now() - 600_000), lifetime: 300 })));
    assert.equal(refused.name, 'ExpiredTokenException');
    assert.match(refused.message, /^The SAML assertion is expired: NotOnOrAfter /);
  });

  it('refuses a role the Role attribute does not pair with this provider, or a role in another account', async () => {
    const unlisted = assertion({}, { [`${ATTR}Role`]: `${role('ViaRoleport')},${PROVIDER}` });
    assert.equal((await refusal(assume(unlisted, role('Operator')))).name, 'AccessDenied');
    assert.equal((await refusal(assume(assertion(), role('Operator', OTHER)))).name, 'AccessDenied');
  });

  it('refuses an unknown SAML provider', async () => {
    const refused = await refusal(assume(assertion(), role('Operator'), `arn:aws:iam::${ACCOUNT}:saml-provider/nobody`));
    assert.equal(refused.name, 'InvalidIdentityTokenException');
    assert.equal(refused.message, `SAML provider arn:aws:iam::${ACCOUNT}:saml-provider/nobody does not exist in this account.`);
  });

  it('refuses a missing or invalid RoleSessionName', async () => {
    const spaces = await refusal(assume(assertion({}, { [`${ATTR}RoleSessionName`]: 'Alice Admin' })));
    assert.equal(spaces.name, 'InvalidIdentityTokenException');
    assert.equal(spaces.message, "RoleSessionName 'Alice Admin' in the SAML assertion is not 2-64 characters of letters, digits and _+=,.@-.");
    const none = await refusal(assume(forgeResponse({ issuer: ISSUER, audience: 'urn:amazon:webservices', recipient: SIGNIN, attributes: { [`${ATTR}Role`]: `${role('Operator')},${PROVIDER}` } }, idp)));
    assert.equal(none.name, 'InvalidIdentityTokenException');
  });

  it('refuses a request without the assertion with a ValidationError', async () => {
    const refused = await refusal(client().send(new AssumeRoleWithSAMLCommand({ RoleArn: role('Operator'), PrincipalArn: PROVIDER, SAMLAssertion: undefined as unknown as string })));
    assert.equal(refused.name, 'ValidationError');
  });
});
