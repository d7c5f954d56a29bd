// The sandbox IAM at /iam against @aws-sdk/client-iam: role inline policies on the caller's own account,
// users' identity policies deciding who may change them, AWS's error codes, and a role's Deny statements
// (AWSRevokeOlderSessions) stopping what that role's older sessions do next: chaining and console sign-in.
import { DeleteRolePolicyCommand, GetRolePolicyCommand, ListRolePoliciesCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { checkSandboxSection } from '../../src/config/sandbox.ts';
import { BROKER, DEV, type Keys, MALLORY, PROD, type TestSandbox, errorOf, iam, keysOf, refusal, signedPost, startTestSandbox, sts } from './helpers.ts';

let sandbox: TestSandbox;
before(async () => {
  sandbox = await startTestSandbox();
});
after(async () => {
  await sandbox.close();
});

const READONLY = `arn:aws:iam::${PROD}:role/ReadOnly`;
const AUDIT = `arn:aws:iam::${PROD}:role/Audit`;
const ADMIN = `arn:aws:iam::${PROD}:role/Admin`;

const denyBefore = (cutoff: Date) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: ['*'], Resource: ['*'], Condition: { DateLessThan: { 'aws:TokenIssueTime': cutoff.toISOString().replace(/\.\d{3}Z$/, 'Z') } } }] });

async function readOnlyKeys(): Promise<Keys> {
  return keysOf((await sts(sandbox, BROKER).send(new AssumeRoleCommand({ RoleArn: READONLY, RoleSessionName: 'alice' }))).Credentials);
}

async function signinStatus(keys: Keys): Promise<{ status: number; text: string }> {
  const url = new URL(sandbox.federationUrl);
  url.searchParams.set('Action', 'getSigninToken');
  url.searchParams.set('Session', JSON.stringify({ sessionId: keys.accessKeyId, sessionKey: keys.secretAccessKey, sessionToken: keys.sessionToken }));
  const response = await fetch(url);
  return { status: response.status, text: (await response.text()).trim() };
}

describe('role inline policies', () => {
  test('the broker puts, reads back (URL-encoded, as IAM returns it), lists and deletes an inline policy of its own account’s role', async () => {
    const client = iam(sandbox, BROKER);
    const document = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:*', Resource: '*' }] });
    await client.send(new PutRolePolicyCommand({ RoleName: 'Admin', PolicyName: 'NoS3', PolicyDocument: document }));
    const got = await client.send(new GetRolePolicyCommand({ RoleName: 'admin', PolicyName: 'NoS3' }));
    assert.equal(got.RoleName, 'Admin');
    assert.equal(got.PolicyDocument, encodeURIComponent(document));
    assert.equal(decodeURIComponent(got.PolicyDocument ?? ''), document);
    assert.deepEqual((await client.send(new ListRolePoliciesCommand({ RoleName: 'Admin' }))).PolicyNames, ['NoS3']);
    await client.send(new DeleteRolePolicyCommand({ RoleName: 'Admin', PolicyName: 'NoS3' }));
    const gone = await refusal(client.send(new GetRolePolicyCommand({ RoleName: 'Admin', PolicyName: 'NoS3' })));
    assert.deepEqual([gone.name, gone.status, gone.message], ['NoSuchEntityException', 404, 'The role policy with name NoS3 cannot be found.']);
    assert.equal((await client.send(new ListRolePoliciesCommand({ RoleName: 'Admin' }))).PolicyNames?.length ?? 0, 0);
  });

  test('ListRolePolicies pages with MaxItems and Marker', async () => {
    const client = iam(sandbox, BROKER);
    const document = JSON.stringify({ Statement: { Effect: 'Deny', Action: 'ec2:*', Resource: '*' } });
    for (const name of ['c', 'a', 'b']) await client.send(new PutRolePolicyCommand({ RoleName: 'Conditional', PolicyName: name, PolicyDocument: document }));
    const first = await client.send(new ListRolePoliciesCommand({ RoleName: 'Conditional', MaxItems: 2 }));
    assert.deepEqual([first.PolicyNames, first.IsTruncated], [['a', 'b'], true]);
    const rest = await client.send(new ListRolePoliciesCommand({ RoleName: 'Conditional', MaxItems: 2, Marker: first.Marker }));
    assert.deepEqual([rest.PolicyNames, rest.IsTruncated], [['c'], false]);
  });

  test('IAM acts on the caller’s own account only: a role of another account is not found', async () => {
    const answer = await refusal(iam(sandbox, BROKER).send(new GetRolePolicyCommand({ RoleName: 'Developer', PolicyName: 'AWSRevokeOlderSessions' })));
    assert.deepEqual([answer.name, answer.status, answer.message], ['NoSuchEntityException', 404, 'The role with name Developer cannot be found.']);
  });

  test('a user whose policies do not allow the action is refused with AccessDenied naming the action and the role', async () => {
    const answer = await refusal(iam(sandbox, MALLORY).send(new PutRolePolicyCommand({ RoleName: 'Developer', PolicyName: 'x', PolicyDocument: denyBefore(new Date()) })));
    assert.equal(answer.status, 403);
    assert.equal(answer.message, `User: arn:aws:iam::${DEV}:user/mallory is not authorized to perform: iam:PutRolePolicy on resource: role Developer because no identity-based policy allows the iam:PutRolePolicy action`);
    const denied = await refusal(iam(sandbox, BROKER).send(new PutRolePolicyCommand({ RoleName: 'Partner', PolicyName: 'x', PolicyDocument: denyBefore(new Date()) })));
    assert.equal(denied.message, `User: arn:aws:iam::${PROD}:user/roleport-broker is not authorized to perform: iam:PutRolePolicy on resource: role Partner with an explicit deny in an identity-based policy`);
  });

  test('a malformed document, a bad name or a policy with a Principal is refused as IAM refuses it', async () => {
    const client = iam(sandbox, BROKER);
    const cases: [Record<string, string>, string, string][] = [
      [{ RoleName: 'Admin', PolicyName: 'x', PolicyDocument: '{not json' }, 'MalformedPolicyDocumentException', 'This policy contains invalid Json'],
      [{ RoleName: 'Admin', PolicyName: 'x', PolicyDocument: JSON.stringify({ Statement: [{ Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' }] }) }, 'MalformedPolicyDocumentException', 'Policy document should not specify a principal.'],
      [{ RoleName: 'Admin', PolicyName: 'x', PolicyDocument: JSON.stringify({ Statement: [{ Effect: 'Deny', Action: '*' }] }) }, 'MalformedPolicyDocumentException', 'Syntax errors in policy.'],
      [{ RoleName: 'Admin', PolicyName: 'no spaces', PolicyDocument: denyBefore(new Date()) }, 'ValidationError', "1 validation error detected: Value 'no spaces' at 'policyName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+"],
    ];
    for (const [input, name, message] of cases) {
      const answer = await refusal(client.send(new PutRolePolicyCommand(input as never)));
      assert.deepEqual([answer.name, answer.message], [name, message], JSON.stringify(input));
    }
  });

  test('requests signed for STS, or for an unknown action, are refused', async () => {
    const wrongService = await signedPost(sandbox.iamUrl, 'Action=ListRolePolicies&Version=2010-05-08&RoleName=Admin', BROKER);
    assert.deepEqual([wrongService.status, errorOf(wrongService.text).code, errorOf(wrongService.text).message], [403, 'SignatureDoesNotMatch', "Credential should be scoped to correct service: 'iam'. "]);
    const unknown = await signedPost(sandbox.iamUrl, 'Action=CreateRole&Version=2010-05-08', BROKER, { service: 'iam' });
    assert.deepEqual([unknown.status, errorOf(unknown.text).code, errorOf(unknown.text).message], [400, 'InvalidAction', 'Could not find operation CreateRole for version 2010-05-08']);
    assert.match(unknown.text, /<ErrorResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/">/);
  });
});

describe('a role’s Deny statements narrow its sessions', () => {
  test('after AWSRevokeOlderSessions, a session issued before the cutoff cannot chain or sign in to the console; one issued after can; GetCallerIdentity still answers', async () => {
    const before = await readOnlyKeys();
    assert.ok((await sts(sandbox, before).send(new AssumeRoleCommand({ RoleArn: AUDIT, RoleSessionName: 'alice' }))).Credentials, 'chaining works before the revocation');
    assert.equal((await signinStatus(before)).status, 200);

    const cutoff = new Date(Math.floor(sandbox.clock().getTime() / 1000) * 1000 + 1000);
    await iam(sandbox, BROKER).send(new PutRolePolicyCommand({ RoleName: 'ReadOnly', PolicyName: 'AWSRevokeOlderSessions', PolicyDocument: denyBefore(cutoff) }));

    const chained = await refusal(sts(sandbox, before).send(new AssumeRoleCommand({ RoleArn: AUDIT, RoleSessionName: 'alice' })));
    assert.equal(chained.status, 403);
    assert.equal(chained.message, `User: arn:aws:sts::${PROD}:assumed-role/ReadOnly/alice is not authorized to perform: sts:AssumeRole on resource: ${AUDIT} with an explicit deny in an identity-based policy`);
    const console = await signinStatus(before);
    assert.equal(console.status, 403);
    assert.match(console.text, /deny it every action/);
    assert.equal((await sts(sandbox, before).send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:sts::${PROD}:assumed-role/ReadOnly/alice`);

    sandbox.clock.advance(1000);
    const later = await readOnlyKeys();
    assert.ok((await sts(sandbox, later).send(new AssumeRoleCommand({ RoleArn: AUDIT, RoleSessionName: 'alice' }))).Credentials, 'a session issued after the cutoff chains');
    assert.equal((await signinStatus(later)).status, 200);
    await iam(sandbox, BROKER).send(new DeleteRolePolicyCommand({ RoleName: 'ReadOnly', PolicyName: 'AWSRevokeOlderSessions' }));
  });

  test('a role session may change its own account’s role policies (as AdministratorAccess) until its role denies it', async () => {
    const admin = keysOf((await sts(sandbox, BROKER).send(new AssumeRoleCommand({ RoleArn: ADMIN, RoleSessionName: 'ops' }))).Credentials);
    const client = iam(sandbox, admin);
    await client.send(new PutRolePolicyCommand({ RoleName: 'Admin', PolicyName: 'AWSRevokeOlderSessions', PolicyDocument: denyBefore(new Date(sandbox.clock().getTime() + 1000)) }));
    const refused = await refusal(client.send(new ListRolePoliciesCommand({ RoleName: 'Admin' })));
    assert.equal(refused.message, `User: arn:aws:sts::${PROD}:assumed-role/Admin/ops is not authorized to perform: iam:ListRolePolicies on resource: role Admin with an explicit deny in an identity-based policy`);
    await iam(sandbox, BROKER).send(new DeleteRolePolicyCommand({ RoleName: 'Admin', PolicyName: 'AWSRevokeOlderSessions' }));
  });
});

test('a sandbox user’s policy that AWS would refuse stops the configuration, naming the user and the policy', () => {
  const raw = { accounts: [PROD], users: [{ name: 'u', account: PROD, accessKeyId: 'AKIAUSERPOLICYTEST01', secretAccessKey: 'env:S', policies: [{ Statement: [{ Effect: 'Allow', Action: 'iam:*' }] }] }] };
  assert.throws(() => checkSandboxSection(raw, { env: { S: 'x'.repeat(40) }, baseDir: process.cwd(), file: '(test)' }), /sandbox\.users\[0\]\.policies\[0\].*needs exactly one of Resource and NotResource/s);
});
