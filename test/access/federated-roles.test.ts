import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildAccessPolicy, findEntitlement, resolveEntitlements, resolveFederatedEntitlements } from '../../src/access/index.ts';
import { checkConfig } from '../../src/config/index.ts';
import type { Identity } from '../../src/identity/index.ts';
import { TEST_ENV, baseConfig } from '../support/fixtures.ts';

const PROVIDER = 'arn:aws:iam::111111111111:saml-provider/corp';

function policyFor(overrides: Record<string, unknown> = {}) {
  const { config } = checkConfig(baseConfig(overrides), { env: TEST_ENV, baseDir: '.', file: '(test)' });
  return buildAccessPolicy(config);
}

function federated(groups: string[], roleArns: string[], sessionDuration?: number): Pick<Identity, 'groups' | 'federation'> {
  return {
    groups,
    federation: {
      kind: 'saml',
      assertion: 'PHNhbWxwOlJlc3BvbnNlLz4=',
      roles: roleArns.map((roleArn) => ({ roleArn, providerArn: PROVIDER })),
      notOnOrAfter: new Date(Date.now() + 300_000),
      sessionDuration,
    },
  };
}

describe('roles of an AWS-federation SAML sign-in', () => {
  test('offers each role of the Role attribute, addressed by account name (or id when the account is not configured)', () => {
    const entitlements = resolveFederatedEntitlements(federated([], ['arn:aws:iam::111111111111:role/Auditor', 'arn:aws:iam::999999999999:role/ops/Deployer']), policyFor());
    assert.deepEqual(entitlements.map((e) => e.role.key), ['999999999999/Deployer', 'prod/Auditor']);
    const deployer = entitlements.find((e) => e.role.name === 'Deployer')!;
    assert.equal(deployer.role.method, 'saml');
    assert.equal(deployer.role.path, '/ops/');
    assert.equal(deployer.role.arn, 'arn:aws:iam::999999999999:role/ops/Deployer');
    assert.equal(deployer.role.samlProviderArn, PROVIDER);
    assert.deepEqual(deployer.reasons, [`the AWS sign-in's Role attribute lists arn:aws:iam::999999999999:role/ops/Deployer (SAML provider ${PROVIDER})`]);
  });

  test('keeps a role the rules name only when they grant it to the person', () => {
    const roles = ['arn:aws:iam::111111111111:role/Admin', 'arn:aws:iam::222222222222:role/Developer'];
    assert.deepEqual(resolveFederatedEntitlements(federated(['developers'], roles), policyFor()).map((e) => e.role.key), ['dev/Developer']);
    const admin = resolveFederatedEntitlements(federated(['aws-admins'], roles), policyFor()).find((e) => e.role.key === 'prod/Admin');
    assert.deepEqual(admin?.reasons.slice(1), ["rule #1 (Administrators) grants 'prod/Admin' to group 'aws-admins'"]);
  });

  test('drops a role a rule denies, whatever the assertion says', () => {
    const policy = policyFor({ rules: [{ groups: ['contractors'], deny: ['prod/*'] }] });
    const identity = federated(['contractors'], ['arn:aws:iam::111111111111:role/Auditor', 'arn:aws:iam::222222222222:role/Builder']);
    assert.deepEqual(resolveFederatedEntitlements(identity, policy).map((e) => e.role.key), ['dev/Builder']);
  });

  test('caps the session at the assertion\u2019s SessionDuration', () => {
    const [entitlement] = resolveFederatedEntitlements(federated([], ['arn:aws:iam::111111111111:role/Auditor'], 7200), policyFor());
    assert.equal(entitlement.role.maxDuration, 7200);
  });

  test('the access room gives federated sign-ins their assertion roles and everyone else the configured ones', () => {
    const policy = policyFor();
    const identity = federated(['developers'], ['arn:aws:iam::111111111111:role/Auditor']);
    assert.deepEqual(resolveEntitlements(identity, policy).map((e) => e.role.key), ['prod/Auditor']);
    assert.equal(findEntitlement(identity, policy, 'prod/ReadOnly'), undefined);
    assert.equal(findEntitlement(identity, policy, 'prod/Auditor')?.role.method, 'saml');
    assert.deepEqual(resolveEntitlements({ groups: ['developers'] }, policy).map((e) => e.role.key), ['dev/Developer', 'prod/ReadOnly']);
  });
});
