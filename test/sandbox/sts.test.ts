// The sandbox STS against @aws-sdk/client-sts and hand-signed requests: answers, SigV4 refusals,
// session tokens and their expiry, trust policies, AWS's parameter limits and role chaining.
import {
  AssumeRoleCommand, GetCallerIdentityCommand, GetFederationTokenCommand, GetSessionTokenCommand,
} from '@aws-sdk/client-sts';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  BROKER, BROKER_ARN, DEV, MALLORY, PROD, type TestSandbox, errorOf, keysOf, refusal, signedPost, startTestSandbox, sts,
} from './helpers.ts';

let sandbox: TestSandbox;
before(async () => {
  sandbox = await startTestSandbox();
});
after(async () => {
  await sandbox.close();
});

const ADMIN = `arn:aws:iam::${PROD}:role/Admin`;
const READONLY = `arn:aws:iam::${PROD}:role/ReadOnly`;
const PARTNER = `arn:aws:iam::${PROD}:role/Partner`;
const DEVELOPER = `arn:aws:iam::${DEV}:role/Developer`;

async function assumeAdmin(extra: Partial<ConstructorParameters<typeof AssumeRoleCommand>[0]> = {}) {
  return sts(sandbox, BROKER).send(new AssumeRoleCommand({ RoleArn: ADMIN, RoleSessionName: 'alice', ...extra }));
}

describe('answers', () => {
  test('GetCallerIdentity with an IAM user’s keys names the user with an AIDA user id', async () => {
    const answer = await sts(sandbox, BROKER).send(new GetCallerIdentityCommand({}));
    assert.equal(answer.Arn, BROKER_ARN);
    assert.equal(answer.Account, PROD);
    assert.match(answer.UserId ?? '', /^AIDA[A-Z2-7]{17}$/);
    assert.match(answer.$metadata.requestId ?? '', /^[0-9a-f-]{36}$/);
  });

  test('AssumeRole returns ASIA keys, a session token and the assumed-role ARN, which then act as that session', async () => {
    const answer = await assumeAdmin({ DurationSeconds: 7200, SourceIdentity: 'alice', Tags: [{ Key: 'department', Value: 'platform' }] });
    assert.match(answer.Credentials?.AccessKeyId ?? '', /^ASIA[A-Z2-7]{16}$/);
    assert.equal(answer.AssumedRoleUser?.Arn, `arn:aws:sts::${PROD}:assumed-role/Admin/alice`);
    assert.match(answer.AssumedRoleUser?.AssumedRoleId ?? '', /^AROA[A-Z2-7]{17}:alice$/);
    assert.equal(answer.SourceIdentity, 'alice');
    assert.equal(typeof answer.PackedPolicySize, 'number');
    const lifetime = (answer.Credentials?.Expiration?.getTime() ?? 0) - Date.now();
    assert.ok(lifetime > 7190_000 && lifetime <= 7200_000, `expected about 2 hours, got ${lifetime} ms`);
    const me = await sts(sandbox, keysOf(answer.Credentials)).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, `arn:aws:sts::${PROD}:assumed-role/Admin/alice`);
    assert.equal(me.UserId, answer.AssumedRoleUser?.AssumedRoleId);
    assert.equal(me.Account, PROD);
  });

  test('the XML answer has the exact wrapper, a request id header, an accurate Date and a Z-terminated Expiration', async () => {
    const body = `Action=AssumeRole&Version=2011-06-15&RoleArn=${encodeURIComponent(ADMIN)}&RoleSessionName=alice`;
    const answer = await signedPost(sandbox.stsUrl, body, BROKER, { cli: true });
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get('content-type'), 'text/xml');
    const requestId = answer.headers.get('x-amzn-requestid');
    assert.match(requestId ?? '', /^[0-9a-f-]{36}$/);
    assert.ok(Math.abs(Date.parse(answer.headers.get('date') ?? '') - Date.now()) < 5_000);
    assert.match(answer.text, /^<AssumeRoleResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">\s*<AssumeRoleResult>/);
    assert.match(answer.text, /<Expiration>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ<\/Expiration>/);
    assert.ok(answer.text.includes(`<ResponseMetadata>\n    <RequestId>${requestId}</RequestId>`));
    assert.ok(!answer.text.includes('<PackedPolicySize>'), 'no PackedPolicySize without a session policy or tags');
  });

  test('the STS path answers with and without a trailing slash', async () => {
    const answer = await sts(sandbox, BROKER, { endpoint: `${sandbox.stsUrl}/` }).send(new GetCallerIdentityCommand({}));
    assert.equal(answer.Arn, BROKER_ARN);
  });

  test('GetFederationToken with an IAM user’s keys returns a federated user session, 12 hours by default', async () => {
    const answer = await sts(sandbox, BROKER).send(new GetFederationTokenCommand({ Name: 'bob', Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }) }));
    assert.equal(answer.FederatedUser?.Arn, `arn:aws:sts::${PROD}:federated-user/bob`);
    assert.equal(answer.FederatedUser?.FederatedUserId, `${PROD}:bob`);
    const lifetime = (answer.Credentials?.Expiration?.getTime() ?? 0) - Date.now();
    assert.ok(lifetime > 43190_000 && lifetime <= 43200_000);
    const me = await sts(sandbox, keysOf(answer.Credentials)).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, `arn:aws:sts::${PROD}:federated-user/bob`);
    assert.equal(me.UserId, `${PROD}:bob`);
  });

  test('GetSessionToken credentials act as the IAM user itself', async () => {
    const answer = await sts(sandbox, BROKER).send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
    const me = await sts(sandbox, keysOf(answer.Credentials)).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, BROKER_ARN);
  });

  test('a signed GET with the parameters in the query string is answered too, the query covered by the signature', async () => {
    const target = new URL(sandbox.stsUrl);
    const signer = new SignatureV4({ service: 'sts', region: 'us-east-1', sha256: Sha256, credentials: BROKER });
    const signed = await signer.sign(new HttpRequest({ method: 'GET', protocol: 'http:', hostname: target.hostname, port: Number(target.port), path: target.pathname, query: { Action: 'GetCallerIdentity', Version: '2011-06-15' }, headers: { host: target.host } }));
    const headers = Object.fromEntries(Object.entries(signed.headers).filter(([name]) => name !== 'host'));
    const ok = await fetch(`${sandbox.stsUrl}?Action=GetCallerIdentity&Version=2011-06-15`, { headers });
    assert.equal(ok.status, 200);
    assert.ok((await ok.text()).includes(`<Arn>${BROKER_ARN}</Arn>`));
    const changed = await fetch(`${sandbox.stsUrl}?Action=GetSessionToken&Version=2011-06-15`, { headers });
    assert.equal(errorOf(await changed.text()).code, 'SignatureDoesNotMatch');
  });

  test('an unknown Action is refused with InvalidAction', async () => {
    const answer = await signedPost(sandbox.stsUrl, 'Action=DeleteEverything&Version=2011-06-15', BROKER);
    assert.equal(answer.status, 400);
    assert.deepEqual(errorOf(answer.text), { type: 'Sender', code: 'InvalidAction', message: 'Could not find operation DeleteEverything for version 2011-06-15' });
  });
});

describe('signature refusals', () => {
  test('an unknown access key id is refused with InvalidClientTokenId', async () => {
    const e = await refusal(sts(sandbox, { accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: 'x' }).send(new GetCallerIdentityCommand({})));
    assert.deepEqual(e, { name: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.', status: 403, type: 'Sender' });
  });

  test('a wrong secret is refused with SignatureDoesNotMatch', async () => {
    const e = await refusal(sts(sandbox, { ...BROKER, secretAccessKey: 'wrong' }).send(new GetCallerIdentityCommand({})));
    assert.equal(e.name, 'SignatureDoesNotMatch');
    assert.equal(e.status, 403);
    assert.equal(e.message, 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.');
  });

  test('an unsigned request is refused with MissingAuthenticationToken', async () => {
    const response = await fetch(sandbox.stsUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=GetCallerIdentity&Version=2011-06-15' });
    assert.equal(response.status, 403);
    assert.deepEqual(errorOf(await response.text()), { type: 'Sender', code: 'MissingAuthenticationToken', message: 'Request is missing Authentication Token' });
  });

  test('a malformed Authorization header is refused with IncompleteSignature', async () => {
    const authorization = `AWS4-HMAC-SHA256 Credential=${BROKER.accessKeyId}/20261121/us-east-1/sts/aws4_request`;
    const response = await fetch(sandbox.stsUrl, { method: 'POST', headers: { authorization, 'x-amz-date': '20261121T000000Z', 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=GetCallerIdentity&Version=2011-06-15' });
    assert.equal(response.status, 400);
    const error = errorOf(await response.text());
    assert.equal(error.code, 'IncompleteSignature');
    assert.equal(error.message, `Authorization header requires 'SignedHeaders' parameter. Authorization header requires 'Signature' parameter. Authorization=${authorization}`);
  });

  test('a request signed 16 minutes in the past is refused: Signature expired', async () => {
    const e = await refusal(sts(sandbox, BROKER, { clockOffset: -16 * 60_000 }).send(new GetCallerIdentityCommand({})));
    assert.equal(e.name, 'SignatureDoesNotMatch');
    assert.equal(e.status, 403);
    assert.match(e.message, /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/);
  });

  test('a request signed 16 minutes in the future is refused: Signature not yet current', async () => {
    const signingDate = new Date(Date.now() + 16 * 60_000);
    const answer = await signedPost(sandbox.stsUrl, 'Action=GetCallerIdentity&Version=2011-06-15', BROKER, { signingDate, cli: true });
    assert.equal(answer.status, 403);
    const error = errorOf(answer.text);
    assert.equal(error.code, 'SignatureDoesNotMatch');
    assert.match(error.message ?? '', /^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 15 min\.\)$/);
  });

  test('a request signed 14 minutes off is accepted (AWS allows 15 minutes of skew)', async () => {
    const answer = await sts(sandbox, BROKER, { clockOffset: -14 * 60_000 }).send(new GetCallerIdentityCommand({}));
    assert.equal(answer.Arn, BROKER_ARN);
  });

  test('a body changed after signing is refused, with or without the x-amz-content-sha256 header', async () => {
    const body = `Action=AssumeRole&Version=2011-06-15&RoleArn=${encodeURIComponent(READONLY)}&RoleSessionName=alice`;
    const tamper = (b: string) => b.replace('ReadOnly', 'Admin%20');
    for (const cli of [false, true]) {
      const answer = await signedPost(sandbox.stsUrl, body, BROKER, { cli, tamper });
      assert.equal(answer.status, 403, `cli=${cli}`);
      assert.equal(errorOf(answer.text).code, 'SignatureDoesNotMatch');
    }
    assert.equal((await signedPost(sandbox.stsUrl, body, BROKER, { cli: true })).status, 200);
  });
});

describe('session tokens', () => {
  test('temporary keys without their session token, or with another one, are refused with InvalidClientTokenId', async () => {
    const first = keysOf((await assumeAdmin()).Credentials);
    const second = keysOf((await assumeAdmin()).Credentials);
    for (const keys of [{ ...first, sessionToken: undefined }, { ...first, sessionToken: second.sessionToken }, { ...first, sessionToken: `${first.sessionToken}x` }]) {
      const e = await refusal(sts(sandbox, keys).send(new GetCallerIdentityCommand({})));
      assert.deepEqual([e.name, e.status, e.message], ['InvalidClientTokenId', 403, 'The security token included in the request is invalid.']);
    }
  });

  test('a session token sent but left out of the signed headers is refused with SignatureDoesNotMatch', async () => {
    const keys = keysOf((await assumeAdmin()).Credentials);
    const answer = await signedPost(sandbox.stsUrl, 'Action=GetCallerIdentity&Version=2011-06-15', { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey }, {
      cli: true,
      unsignedHeaders: { 'x-amz-security-token': keys.sessionToken ?? '' },
    });
    assert.equal(answer.status, 403);
    assert.equal(errorOf(answer.text).code, 'SignatureDoesNotMatch');
  });

  test('an IAM user’s long-term key sent with a session token is refused with InvalidClientTokenId', async () => {
    const keys = keysOf((await assumeAdmin()).Credentials);
    const e = await refusal(sts(sandbox, { ...BROKER, sessionToken: keys.sessionToken }).send(new GetCallerIdentityCommand({})));
    assert.equal(e.name, 'InvalidClientTokenId');
  });

  test('temporary credentials past their expiration are refused with ExpiredToken', async () => {
    const keys = keysOf((await assumeAdmin({ DurationSeconds: 900 })).Credentials);
    assert.equal((await sts(sandbox, keys).send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:sts::${PROD}:assumed-role/Admin/alice`);
    sandbox.clock.advance(901_000);
    try {
      const e = await refusal(sts(sandbox, keys).send(new GetCallerIdentityCommand({})));
      assert.deepEqual(e, { name: 'ExpiredToken', message: 'The security token included in the request is expired', status: 403, type: 'Sender' });
      const chained = await refusal(sts(sandbox, keys).send(new AssumeRoleCommand({ RoleArn: DEVELOPER, RoleSessionName: 'alice' })));
      assert.equal(chained.name, 'ExpiredToken');
    } finally {
      sandbox.clock.advance(-901_000);
    }
  });
});

describe('trust policies', () => {
  test('a principal the trust policy does not name is refused with AWS’s AccessDenied message', async () => {
    const e = await refusal(sts(sandbox, MALLORY).send(new AssumeRoleCommand({ RoleArn: ADMIN, RoleSessionName: 'mallory' })));
    assert.deepEqual(e, { name: 'AccessDenied', status: 403, type: 'Sender', message: `User: arn:aws:iam::${DEV}:user/mallory is not authorized to perform: sts:AssumeRole on resource: ${ADMIN}` });
  });

  test('an unknown role is refused as AccessDenied, like a role that does not trust the caller', async () => {
    const e = await refusal(sts(sandbox, BROKER).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${PROD}:role/Nope`, RoleSessionName: 'alice' })));
    assert.equal(e.message, `User: ${BROKER_ARN} is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${PROD}:role/Nope`);
  });

  test('session tags need sts:TagSession and a source identity needs sts:SetSourceIdentity in the trust policy', async () => {
    const tagged = await refusal(sts(sandbox, BROKER).send(new AssumeRoleCommand({ RoleArn: READONLY, RoleSessionName: 'alice', Tags: [{ Key: 'department', Value: 'platform' }] })));
    assert.equal(tagged.message, `User: ${BROKER_ARN} is not authorized to perform: sts:TagSession on resource: ${READONLY}`);
    const sourced = await refusal(sts(sandbox, BROKER).send(new AssumeRoleCommand({ RoleArn: READONLY, RoleSessionName: 'alice', SourceIdentity: 'alice' })));
    assert.equal(sourced.message, `User: ${BROKER_ARN} is not authorized to perform: sts:SetSourceIdentity on resource: ${READONLY}`);
    const plain = await sts(sandbox, BROKER).send(new AssumeRoleCommand({ RoleArn: READONLY, RoleSessionName: 'alice' }));
    assert.equal(plain.AssumedRoleUser?.Arn, `arn:aws:sts::${PROD}:assumed-role/ReadOnly/alice`);
  });

  test('a role requiring an ExternalId refuses a missing or wrong one and accepts the right one', async () => {
    for (const ExternalId of [undefined, 'ext-999']) {
      const e = await refusal(sts(sandbox, BROKER).send(new AssumeRoleCommand({ RoleArn: PARTNER, RoleSessionName: 'alice', ExternalId })));
      assert.equal(e.name, 'AccessDenied');
    }
    const ok = await sts(sandbox, BROKER).send(new AssumeRoleCommand({ RoleArn: PARTNER, RoleSessionName: 'alice', ExternalId: 'ext-123' }));
    assert.equal(ok.AssumedRoleUser?.Arn, `arn:aws:sts::${PROD}:assumed-role/Partner/alice`);
  });

  test('conditions see the caller and the request: aws:RequestedRegion, aws:PrincipalType, sts:RoleSessionName against ${aws:username}', async () => {
    const CONDITIONAL = `arn:aws:iam::${PROD}:role/Conditional`;
    const ok = await sts(sandbox, BROKER).send(new AssumeRoleCommand({ RoleArn: CONDITIONAL, RoleSessionName: 'roleport-broker-alice' }));
    assert.equal(ok.AssumedRoleUser?.Arn, `arn:aws:sts::${PROD}:assumed-role/Conditional/roleport-broker-alice`);
    const admin = keysOf((await assumeAdmin()).Credentials);
    const refusals = [
      () => sts(sandbox, BROKER, { region: 'eu-west-1' }).send(new AssumeRoleCommand({ RoleArn: CONDITIONAL, RoleSessionName: 'roleport-broker-alice' })),
      () => sts(sandbox, BROKER).send(new AssumeRoleCommand({ RoleArn: CONDITIONAL, RoleSessionName: 'alice' })),
      () => sts(sandbox, admin).send(new AssumeRoleCommand({ RoleArn: CONDITIONAL, RoleSessionName: 'roleport-broker-alice' })),
    ];
    for (const call of refusals) assert.equal((await refusal(call())).name, 'AccessDenied');
  });

  test('an explicit Deny on a request tag wins over the Allow', async () => {
    const e = await refusal(sts(sandbox, BROKER).send(new AssumeRoleCommand({ RoleArn: DEVELOPER, RoleSessionName: 'bob', Tags: [{ Key: 'Department', Value: 'payments' }] })));
    assert.equal(e.message, `User: ${BROKER_ARN} is not authorized to perform: sts:TagSession on resource: ${DEVELOPER}`);
    const ok = await sts(sandbox, BROKER).send(new AssumeRoleCommand({ RoleArn: DEVELOPER, RoleSessionName: 'bob', Tags: [{ Key: 'department', Value: 'platform' }] }));
    assert.equal(ok.AssumedRoleUser?.Arn, `arn:aws:sts::${DEV}:assumed-role/Developer/bob`);
  });
});

describe('limits', () => {
  const v = (value: string, at: string, constraint: string) => `1 validation error detected: Value '${value}' at '${at}' failed to satisfy constraint: ${constraint}`;

  async function validationMessage(input: Partial<ConstructorParameters<typeof AssumeRoleCommand>[0]>): Promise<string> {
    const e = await refusal(sts(sandbox, BROKER).send(new AssumeRoleCommand({ RoleArn: ADMIN, RoleSessionName: 'alice', ...input })));
    assert.equal(e.status, 400, e.message);
    return `${e.name}: ${e.message}`;
  }

  test('RoleSessionName must be 2-64 characters of [\\w+=,.@-]', async () => {
    assert.equal(await validationMessage({ RoleSessionName: 's' }), `ValidationError: ${v('s', 'roleSessionName', 'Member must have length greater than or equal to 2')}`);
    assert.equal(await validationMessage({ RoleSessionName: 'a'.repeat(65) }), `ValidationError: ${v('a'.repeat(65), 'roleSessionName', 'Member must have length less than or equal to 64')}`);
    assert.equal(await validationMessage({ RoleSessionName: 'alice smith' }), `ValidationError: ${v('alice smith', 'roleSessionName', 'Member must satisfy regular expression pattern: [\\w+=,.@-]*')}`);
  });

  test('SourceIdentity must be 2-64 characters of [\\w+=,.@-] and cannot start with aws:', async () => {
    assert.equal(await validationMessage({ SourceIdentity: 'a' }), `ValidationError: ${v('a', 'sourceIdentity', 'Member must have length greater than or equal to 2')}`);
    assert.match(await validationMessage({ SourceIdentity: 'aws:alice' }), /^ValidationError: 1 validation error detected: Value 'aws:alice' at 'sourceIdentity'/);
  });

  test('a missing required parameter is reported as null', async () => {
    const answer = await signedPost(sandbox.stsUrl, `Action=AssumeRole&Version=2011-06-15&RoleArn=${encodeURIComponent(ADMIN)}`, BROKER, { cli: true });
    assert.equal(answer.status, 400);
    assert.deepEqual(errorOf(answer.text), { type: 'Sender', code: 'ValidationError', message: "1 validation error detected: Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null" });
  });

  test('two broken parameters are reported together', async () => {
    assert.equal(
      await validationMessage({ RoleSessionName: 's', ExternalId: 'x' }),
      "ValidationError: 2 validation errors detected: Value 's' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2; Value 'x' at 'externalId' failed to satisfy constraint: Member must have length greater than or equal to 2",
    );
  });

  test('DurationSeconds must be at least 900 and at most the role’s maximum session duration', async () => {
    assert.equal(await validationMessage({ DurationSeconds: 899 }), `ValidationError: ${v('899', 'durationSeconds', 'Member must have value greater than or equal to 900')}`);
    assert.equal(await validationMessage({ DurationSeconds: 43201 }), `ValidationError: ${v('43201', 'durationSeconds', 'Member must have value less than or equal to 43200')}`);
    assert.equal(await validationMessage({ RoleArn: READONLY, DurationSeconds: 3601 }), 'ValidationError: The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  });

  test('session tags: at most 50, keys 1-128 and values 0-256 characters, no two keys differing only in case', async () => {
    const many = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    assert.match(await validationMessage({ Tags: many }), /^ValidationError: 1 validation error detected: Value '\[k0, k1,.*k50\]' at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50$/);
    assert.equal(await validationMessage({ Tags: [{ Key: 'k'.repeat(129), Value: 'v' }] }), `ValidationError: ${v('k'.repeat(129), 'tags.1.member.key', 'Member must have length less than or equal to 128')}`);
    assert.equal(await validationMessage({ Tags: [{ Key: 'a', Value: 'b' }, { Key: 'k', Value: 'v'.repeat(257) }] }), `ValidationError: ${v('v'.repeat(257), 'tags.2.member.value', 'Member must have length less than or equal to 256')}`);
    assert.equal(await validationMessage({ Tags: [{ Key: 'Team', Value: 'a' }, { Key: 'team', Value: 'b' }] }), 'ValidationError: Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    const ok = await assumeAdmin({ Tags: [{ Key: 'empty', Value: '' }] });
    assert.ok(ok.Credentials);
  });

  test('a session policy must be at most 2048 characters of valid policy JSON, with at most 10 policy ARNs', async () => {
    const long = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${'b'.repeat(2048)}` }] });
    assert.match(await validationMessage({ Policy: long }), /at 'policy' failed to satisfy constraint: Member must have length less than or equal to 2048$/);
    assert.equal(await validationMessage({ Policy: '{"Version": "2012-10-17", "Statement": [' }), 'MalformedPolicyDocumentException: The policy is not in the valid JSON format.');
    assert.equal(await validationMessage({ Policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] }) }), 'MalformedPolicyDocumentException: Policy document should not specify a principal.');
    const arns = Array.from({ length: 11 }, (_, i) => ({ arn: `arn:aws:iam::aws:policy/Policy${i}` }));
    assert.match(await validationMessage({ PolicyArns: arns }), /at 'policyArns' failed to satisfy constraint: Member must have length less than or equal to 10$/);
  });

  test('ExternalId must be 2-1224 characters', async () => {
    assert.equal(await validationMessage({ ExternalId: 'e'.repeat(1225) }), `ValidationError: ${v('e'.repeat(1225), 'externalId', 'Member must have length less than or equal to 1224')}`);
  });

  test('GetFederationToken: Name 2-32 characters, DurationSeconds 900-129600', async () => {
    const name = await refusal(sts(sandbox, BROKER).send(new GetFederationTokenCommand({ Name: 'n'.repeat(33) })));
    assert.equal(name.message, v('n'.repeat(33), 'name', 'Member must have length less than or equal to 32'));
    const duration = await refusal(sts(sandbox, BROKER).send(new GetFederationTokenCommand({ Name: 'bob', DurationSeconds: 129601 })));
    assert.equal(duration.message, v('129601', 'durationSeconds', 'Member must have value less than or equal to 129600'));
  });
});

describe('who may call what', () => {
  test('role chaining: more than one hour is refused, one hour is granted', async () => {
    const admin = keysOf((await assumeAdmin()).Credentials);
    const e = await refusal(sts(sandbox, admin).send(new AssumeRoleCommand({ RoleArn: DEVELOPER, RoleSessionName: 'alice', DurationSeconds: 7200 })));
    assert.deepEqual([e.name, e.status, e.message], ['ValidationError', 400, 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.']);
    const chained = await sts(sandbox, admin).send(new AssumeRoleCommand({ RoleArn: DEVELOPER, RoleSessionName: 'alice', DurationSeconds: 3600 }));
    assert.equal(chained.AssumedRoleUser?.Arn, `arn:aws:sts::${DEV}:assumed-role/Developer/alice`);
  });

  test('role chaining carries the source identity and transitive tags forward', async () => {
    const admin = await assumeAdmin({ SourceIdentity: 'alice', Tags: [{ Key: 'project', Value: 'blue' }, { Key: 'team', Value: 'x' }], TransitiveTagKeys: ['project'] });
    const chained = await sts(sandbox, keysOf(admin.Credentials)).send(new AssumeRoleCommand({ RoleArn: DEVELOPER, RoleSessionName: 'alice' }));
    assert.equal(chained.SourceIdentity, 'alice');
    const override = await refusal(sts(sandbox, keysOf(admin.Credentials)).send(new AssumeRoleCommand({ RoleArn: DEVELOPER, RoleSessionName: 'alice', Tags: [{ Key: 'Project', Value: 'red' }] })));
    assert.equal(override.name, 'ValidationError');
  });

  test('a role session trusted by name (the Admin role in the Developer trust policy) may assume; an untrusted one may not', async () => {
    const readonly = keysOf((await sts(sandbox, BROKER).send(new AssumeRoleCommand({ RoleArn: READONLY, RoleSessionName: 'alice' }))).Credentials);
    const e = await refusal(sts(sandbox, readonly).send(new AssumeRoleCommand({ RoleArn: DEVELOPER, RoleSessionName: 'alice' })));
    assert.equal(e.message, `User: arn:aws:sts::${PROD}:assumed-role/ReadOnly/alice is not authorized to perform: sts:AssumeRole on resource: ${DEVELOPER}`);
  });

  test('GetFederationToken and GetSessionToken refuse session credentials', async () => {
    const admin = keysOf((await assumeAdmin()).Credentials);
    const federation = await refusal(sts(sandbox, admin).send(new GetFederationTokenCommand({ Name: 'bob' })));
    assert.deepEqual([federation.name, federation.status, federation.message], ['AccessDenied', 403, 'Cannot call GetFederationToken with session credentials']);
    const session = await refusal(sts(sandbox, admin).send(new GetSessionTokenCommand({})));
    assert.deepEqual([session.name, session.message], ['AccessDenied', 'Cannot call GetSessionToken with session credentials']);
  });

  test('a federated user may call GetCallerIdentity but not AssumeRole', async () => {
    const bob = keysOf((await sts(sandbox, BROKER).send(new GetFederationTokenCommand({ Name: 'bob' }))).Credentials);
    const e = await refusal(sts(sandbox, bob).send(new AssumeRoleCommand({ RoleArn: ADMIN, RoleSessionName: 'bob' })));
    assert.equal(e.message, `User: arn:aws:sts::${PROD}:federated-user/bob is not authorized to perform: sts:AssumeRole on resource: ${ADMIN}`);
  });

  test('MFA parameters are refused: the sandbox has no MFA devices', async () => {
    const e = await refusal(sts(sandbox, BROKER).send(new AssumeRoleCommand({ RoleArn: ADMIN, RoleSessionName: 'alice', SerialNumber: 'arn:aws:iam::111111111111:mfa/alice', TokenCode: '123456' })));
    assert.equal(e.name, 'AccessDenied');
  });
});
