// The demo's sandbox-prod/Admin trusts only AssumeRole calls tagged mfa=true, as a real trust policy
// with `"StringEquals": {"aws:RequestTag/mfa": "true"}` makes AWS refuse a session that skipped step-up.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { type TestApp, startTestApp } from '../support/app.ts';
import { refusal } from './helpers.ts';

const ADMIN = 'arn:aws:iam::111111111111:role/Admin';
const BROKER = 'arn:aws:iam::111111111111:user/roleport-broker';

let app: TestApp;
let client: STSClient;
before(async () => {
  app = await startTestApp({ demo: true });
  const broker = app.ctx.config.sandbox!.users[0];
  client = new STSClient({ region: 'us-east-1', endpoint: `${app.url}/sandbox/sts`, credentials: { accessKeyId: broker.accessKeyId, secretAccessKey: broker.secretAccessKey.value }, maxAttempts: 1 });
});
after(async () => {
  client.destroy();
  await app.close();
});

const assumeAdmin = (tags: { Key: string; Value: string }[]) => client.send(new AssumeRoleCommand({ RoleArn: ADMIN, RoleSessionName: 'alice', Tags: tags.length ? tags : undefined }));

describe("the demo sandbox's trust policy for an MFA role", () => {
  test('refuses an AssumeRole without the mfa tag with AWS’s AccessDenied, tagged otherwise or not at all', async () => {
    const denied = `User: ${BROKER} is not authorized to perform: sts:AssumeRole on resource: ${ADMIN}`;
    for (const tags of [[], [{ Key: 'department', Value: 'platform' }], [{ Key: 'mfa', Value: 'false' }, { Key: 'mfa-method', Value: 'totp' }]]) {
      assert.deepEqual(await refusal(assumeAdmin(tags)), { name: 'AccessDenied', status: 403, type: 'Sender', message: denied }, JSON.stringify(tags));
    }
  });

  test('accepts it with mfa=true', async () => {
    const assumed = await assumeAdmin([{ Key: 'mfa', Value: 'true' }, { Key: 'mfa-method', Value: 'totp' }]);
    assert.equal(assumed.AssumedRoleUser?.Arn, 'arn:aws:sts::111111111111:assumed-role/Admin/alice');
  });

  test('leaves roles without the condition as they were', async () => {
    const assumed = await client.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::111111111111:role/ReadOnly', RoleSessionName: 'bob' }));
    assert.equal(assumed.AssumedRoleUser?.Arn, 'arn:aws:sts::111111111111:assumed-role/ReadOnly/bob');
  });
});
