import assert from 'node:assert/strict';
import { test } from 'node:test';
import { takeIssued } from '../../src/aws/methods/method.ts';
import { refusal } from '../support/refusal.ts';

const credentials = { AccessKeyId: 'ASIAEXAMPLE0000001', SecretAccessKey: 'secret', SessionToken: 'token', Expiration: new Date('2026-11-21T23:00:00Z') };

test('an STS answer gives its keys, the ARN they act as and the request id', () => {
  const issued = takeIssued({ Credentials: credentials, $metadata: { requestId: 'req-1' } }, 'arn:aws:sts::111111111111:assumed-role/Admin/alice', 'AssumeRole');
  assert.deepEqual(issued, { accessKeyId: 'ASIAEXAMPLE0000001', secretAccessKey: 'secret', sessionToken: 'token', expiration: credentials.Expiration, arn: 'arn:aws:sts::111111111111:assumed-role/Admin/alice', stsRequestId: 'req-1' });
});

test('an answer without the ARN or without complete keys is a 502 naming what is missing, with the request id', async () => {
  const noArn = await refusal(Promise.resolve().then(() => takeIssued({ Credentials: credentials, $metadata: { requestId: 'req-2' } }, undefined, 'GetFederationToken', 'the federated user')));
  assert.equal(noArn.status, 502);
  assert.equal(noArn.message, 'AWS STS answered GetFederationToken without the federated user.');
  assert.equal(noArn.detail, 'STS request id: req-2');
  const noKeys = await refusal(Promise.resolve().then(() => takeIssued({ Credentials: { ...credentials, SessionToken: undefined }, $metadata: {} }, 'arn:aws:sts::1:assumed-role/A/b', 'AssumeRole')));
  assert.equal(noKeys.message, 'AWS STS answered AssumeRole without complete credentials.');
  assert.equal(noKeys.detail, 'STS request id: none');
});
