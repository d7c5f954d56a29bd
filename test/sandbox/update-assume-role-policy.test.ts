// The sandbox IAM's UpdateAssumeRolePolicy against @aws-sdk/client-iam: the new trust policy decides
// the next AssumeRole; who may call it, and the documents IAM refuses, as IAM refuses them.
import { UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BROKER, BROKER_ARN, PROD, type Keys, type TestSandbox, iam, keysOf, refusal, startTestSandbox, sts } from './helpers.ts';

let sandbox: TestSandbox;
let admin: Keys;
before(async () => {
  sandbox = await startTestSandbox();
  // A session of the account's Admin role: IAM lets a role session do what its role does not deny.
  admin = keysOf((await sts(sandbox, BROKER).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${PROD}:role/Admin`, RoleSessionName: 'ops' }))).Credentials);
});
after(() => sandbox.close());

const trusting = (principal: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }] });
const assumeReadOnly = () => sts(sandbox, BROKER).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${PROD}:role/ReadOnly`, RoleSessionName: 'alice' }));
const update = (keys: Keys, RoleName: string, PolicyDocument: string) => iam(sandbox, keys).send(new UpdateAssumeRolePolicyCommand({ RoleName, PolicyDocument }));

test('the new trust policy decides the next AssumeRole: one trusting someone else refuses the broker, the old one lets it in again', async () => {
  await assumeReadOnly();
  await update(admin, 'ReadOnly', trusting(`arn:aws:iam::${PROD}:user/someone-else`));
  const refused = await refusal(assumeReadOnly());
  assert.equal(refused.name, 'AccessDenied');
  assert.match(refused.message, new RegExp(`^User: ${BROKER_ARN} is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${PROD}:role/ReadOnly`));
  await update(admin, 'ReadOnly', trusting(BROKER_ARN));
  await assumeReadOnly();
});

test('a user whose policies do not allow iam:UpdateAssumeRolePolicy is refused, and the trust policy stays', async () => {
  const refused = await refusal(update(BROKER, 'ReadOnly', trusting(`arn:aws:iam::${PROD}:user/someone-else`)));
  assert.equal(refused.name, 'AccessDenied');
  assert.equal(refused.message, `User: ${BROKER_ARN} is not authorized to perform: iam:UpdateAssumeRolePolicy on resource: role ReadOnly because no identity-based policy allows the iam:UpdateAssumeRolePolicy action`);
  await assumeReadOnly();
});

test('invalid JSON, a policy that is no valid trust policy, one past the quota and an unknown role are refused as IAM refuses them', async () => {
  assert.deepEqual(await refusal(update(admin, 'ReadOnly', '{"Version": "2012-10-17",')).then((e) => [e.name, e.message]), ['MalformedPolicyDocumentException', 'This policy contains invalid Json']);
  const noPrincipal = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] });
  const malformed = await refusal(update(admin, 'ReadOnly', noPrincipal));
  assert.equal(malformed.name, 'MalformedPolicyDocumentException');
  assert.match(malformed.message, /^Invalid trust policy: /);
  const huge = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: Array.from({ length: 60 }, (_, i) => `arn:aws:iam::${PROD}:user/user-number-${i}`) }, Action: 'sts:AssumeRole' }] });
  assert.deepEqual(await refusal(update(admin, 'ReadOnly', huge)).then((e) => [e.name, e.message]), ['LimitExceededException', 'Cannot exceed quota for ACLSizePerRole: 2048']);
  assert.equal((await refusal(update(admin, 'Nobody', trusting(BROKER_ARN)))).name, 'NoSuchEntityException');
  await assumeReadOnly();
});
