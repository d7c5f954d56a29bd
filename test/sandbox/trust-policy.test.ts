// The trust-policy evaluator: principals, actions, Deny over Allow, and the condition operators a
// trust policy uses, with AWS's rules for missing keys, IfExists and the ForAllValues/ForAnyValue sets.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type ConditionContext, type TrustPrincipal, checkTrustPolicy, evaluateTrustPolicy } from '../../src/sandbox/trust-policy.ts';

const BROKER: TrustPrincipal = { type: 'AWS', arn: 'arn:aws:iam::111111111111:user/roleport-broker', account: '111111111111' };
const ADMIN_SESSION: TrustPrincipal = { type: 'AWS', arn: 'arn:aws:sts::111111111111:assumed-role/Admin/alice', account: '111111111111', roleArn: 'arn:aws:iam::111111111111:role/Admin' };
const OTHER: TrustPrincipal = { type: 'AWS', arn: 'arn:aws:iam::222222222222:user/mallory', account: '222222222222' };
const SAML: TrustPrincipal = { type: 'Federated', provider: 'arn:aws:iam::111111111111:saml-provider/corp' };

function policy(...statements: Record<string, unknown>[]) {
  return { Version: '2012-10-17', Statement: statements };
}

function decide(doc: unknown, principal: TrustPrincipal, context: ConditionContext = {}, action = 'sts:AssumeRole') {
  return evaluateTrustPolicy(doc, { principal, action, context }).decision;
}

/** Allow sts:AssumeRole to anyone, under one condition block. */
function when(condition: Record<string, unknown>) {
  return policy({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Condition: condition });
}

describe('principals', () => {
  test('a user ARN matches that user only', () => {
    const doc = policy({ Effect: 'Allow', Principal: { AWS: BROKER.type === 'AWS' ? BROKER.arn : '' }, Action: 'sts:AssumeRole' });
    assert.equal(decide(doc, BROKER), 'allow');
    assert.equal(decide(doc, OTHER), 'implicit-deny');
  });

  test('an account id or its root ARN matches every principal of that account', () => {
    for (const AWS of ['111111111111', 'arn:aws:iam::111111111111:root']) {
      const doc = policy({ Effect: 'Allow', Principal: { AWS }, Action: 'sts:AssumeRole' });
      assert.equal(decide(doc, BROKER), 'allow');
      assert.equal(decide(doc, ADMIN_SESSION), 'allow');
      assert.equal(decide(doc, OTHER), 'implicit-deny');
    }
  });

  test('a role ARN matches that role’s sessions; a session ARN matches that session only', () => {
    const byRole = policy({ Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::111111111111:role/Admin'] }, Action: 'sts:AssumeRole' });
    assert.equal(decide(byRole, ADMIN_SESSION), 'allow');
    assert.equal(decide(byRole, BROKER), 'implicit-deny');
    const bySession = policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:sts::111111111111:assumed-role/Admin/bob' }, Action: 'sts:AssumeRole' });
    assert.equal(decide(bySession, ADMIN_SESSION), 'implicit-deny');
  });

  test('"*" matches anyone, {"AWS": "*"} any AWS principal, Federated only its provider', () => {
    assert.equal(decide(policy({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }), SAML), 'allow');
    assert.equal(decide(policy({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }), OTHER), 'allow');
    assert.equal(decide(policy({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }), SAML), 'implicit-deny');
    const federated = policy({ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::111111111111:saml-provider/corp' }, Action: 'sts:AssumeRoleWithSAML' });
    assert.equal(decide(federated, SAML, {}, 'sts:AssumeRoleWithSAML'), 'allow');
    assert.equal(decide(federated, { type: 'Federated', provider: 'arn:aws:iam::111111111111:saml-provider/other' }, {}, 'sts:AssumeRoleWithSAML'), 'implicit-deny');
    assert.equal(decide(federated, BROKER, {}, 'sts:AssumeRoleWithSAML'), 'implicit-deny');
  });

  test('NotPrincipal applies to everyone but the principals it names', () => {
    const doc = policy({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }, { Effect: 'Deny', NotPrincipal: { AWS: BROKER.type === 'AWS' ? BROKER.arn : '' }, Action: 'sts:AssumeRole' });
    assert.equal(decide(doc, BROKER), 'allow');
    assert.equal(decide(doc, OTHER), 'deny');
  });
});

describe('actions and effects', () => {
  test('actions match case-insensitively with wildcards; NotAction excludes', () => {
    assert.equal(decide(policy({ Effect: 'Allow', Principal: '*', Action: 'STS:assumerole' }), BROKER), 'allow');
    assert.equal(decide(policy({ Effect: 'Allow', Principal: '*', Action: 'sts:*' }), BROKER, {}, 'sts:TagSession'), 'allow');
    assert.equal(decide(policy({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }), BROKER, {}, 'sts:TagSession'), 'implicit-deny');
    assert.equal(decide(policy({ Effect: 'Allow', Principal: '*', NotAction: 'sts:TagSession' }), BROKER, {}, 'sts:SetSourceIdentity'), 'allow');
    assert.equal(decide(policy({ Effect: 'Allow', Principal: '*', NotAction: 'sts:TagSession' }), BROKER, {}, 'sts:TagSession'), 'implicit-deny');
  });

  test('an explicit Deny beats any Allow, and names its statement', () => {
    const doc = policy({ Effect: 'Allow', Principal: '*', Action: '*' }, { Sid: 'NoOthers', Effect: 'Deny', Principal: { AWS: '222222222222' }, Action: 'sts:*' });
    assert.deepEqual(evaluateTrustPolicy(doc, { principal: OTHER, action: 'sts:AssumeRole', context: {} }), { decision: 'deny', statement: 'NoOthers' });
    assert.deepEqual(evaluateTrustPolicy(doc, { principal: BROKER, action: 'sts:AssumeRole', context: {} }), { decision: 'allow', statement: 'Statement[0]' });
  });

  test('a single statement object (not a list) is read too', () => {
    assert.equal(decide({ Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' } }, BROKER), 'allow');
  });
});

describe('conditions', () => {
  test('StringEquals: any listed value matches; key names are case-insensitive; a missing key fails', () => {
    const doc = when({ StringEquals: { 'STS:ExternalId': ['a1', 'b2'] } });
    assert.equal(decide(doc, BROKER, { 'sts:ExternalId': 'b2' }), 'allow');
    assert.equal(decide(doc, BROKER, { 'sts:externalid': 'a1' }), 'allow');
    assert.equal(decide(doc, BROKER, { 'sts:ExternalId': 'A1' }), 'implicit-deny');
    assert.equal(decide(doc, BROKER, {}), 'implicit-deny');
  });

  test('StringNotEquals: no listed value may match; a missing key passes', () => {
    const doc = when({ StringNotEquals: { 'aws:RequestTag/department': ['payments', 'legal'] } });
    assert.equal(decide(doc, BROKER, { 'aws:RequestTag/department': 'platform' }), 'allow');
    assert.equal(decide(doc, BROKER, { 'aws:RequestTag/department': 'legal' }), 'implicit-deny');
    assert.equal(decide(doc, BROKER, {}), 'allow');
  });

  test('StringEqualsIgnoreCase and StringNotEqualsIgnoreCase ignore case', () => {
    assert.equal(decide(when({ StringEqualsIgnoreCase: { 'sts:RoleSessionName': 'Alice' } }), BROKER, { 'sts:RoleSessionName': 'ALICE' }), 'allow');
    assert.equal(decide(when({ StringNotEqualsIgnoreCase: { 'sts:RoleSessionName': 'Alice' } }), BROKER, { 'sts:RoleSessionName': 'alice' }), 'implicit-deny');
  });

  test('StringLike and StringNotLike use * and ? wildcards, case-sensitively', () => {
    const doc = when({ StringLike: { 'sts:RoleSessionName': ['*@example.com', 'svc-??'] } });
    assert.equal(decide(doc, BROKER, { 'sts:RoleSessionName': 'alice@example.com' }), 'allow');
    assert.equal(decide(doc, BROKER, { 'sts:RoleSessionName': 'svc-01' }), 'allow');
    assert.equal(decide(doc, BROKER, { 'sts:RoleSessionName': 'svc-001' }), 'implicit-deny');
    assert.equal(decide(doc, BROKER, { 'sts:RoleSessionName': 'alice@EXAMPLE.com' }), 'implicit-deny');
    assert.equal(decide(when({ StringNotLike: { 'sts:RoleSessionName': 'admin*' } }), BROKER, { 'sts:RoleSessionName': 'admin-x' }), 'implicit-deny');
    assert.equal(decide(when({ StringLike: { 'aws:RequestTag/Project': '*' } }), BROKER, {}), 'implicit-deny');
  });

  test('...IfExists passes when the key is absent and tests it when present', () => {
    const doc = when({ StringEqualsIfExists: { 'sts:SourceIdentity': 'alice' } });
    assert.equal(decide(doc, BROKER, {}), 'allow');
    assert.equal(decide(doc, BROKER, { 'sts:SourceIdentity': 'alice' }), 'allow');
    assert.equal(decide(doc, BROKER, { 'sts:SourceIdentity': 'bob' }), 'implicit-deny');
  });

  test('Null: "true" requires the key absent, "false" present', () => {
    assert.equal(decide(when({ Null: { 'sts:TransitiveTagKeys': 'false' } }), BROKER, { 'sts:TransitiveTagKeys': ['Project'] }), 'allow');
    assert.equal(decide(when({ Null: { 'sts:TransitiveTagKeys': 'false' } }), BROKER, {}), 'implicit-deny');
    assert.equal(decide(when({ Null: { 'sts:ExternalId': 'true' } }), BROKER, {}), 'allow');
    assert.equal(decide(when({ Null: { 'sts:ExternalId': 'true' } }), BROKER, { 'sts:ExternalId': 'x1' }), 'implicit-deny');
  });

  test('Bool compares true/false, whether the context holds a boolean or a string', () => {
    const doc = when({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } });
    assert.equal(decide(doc, BROKER, { 'aws:MultiFactorAuthPresent': true }), 'allow');
    assert.equal(decide(doc, BROKER, { 'aws:MultiFactorAuthPresent': 'false' }), 'implicit-deny');
    assert.equal(decide(doc, BROKER, {}), 'implicit-deny');
    assert.equal(decide(when({ Bool: { 'aws:SecureTransport': false } }), BROKER, { 'aws:SecureTransport': false }), 'allow');
  });

  test('ForAllValues: every request value must be allowed (an empty or missing set passes)', () => {
    const doc = when({ 'ForAllValues:StringEquals': { 'sts:TransitiveTagKeys': ['Project', 'Department'] } });
    assert.equal(decide(doc, BROKER, { 'sts:TransitiveTagKeys': ['Project'] }), 'allow');
    assert.equal(decide(doc, BROKER, { 'sts:TransitiveTagKeys': ['Project', 'CostCenter'] }), 'implicit-deny');
    assert.equal(decide(doc, BROKER, {}), 'allow');
  });

  test('ForAnyValue: at least one request value must match (a missing set fails)', () => {
    const doc = when({ 'ForAnyValue:StringLike': { 'aws:TagKeys': 'cost*' } });
    assert.equal(decide(doc, BROKER, { 'aws:TagKeys': ['team', 'costcenter'] }), 'allow');
    assert.equal(decide(doc, BROKER, { 'aws:TagKeys': ['team'] }), 'implicit-deny');
    assert.equal(decide(doc, BROKER, {}), 'implicit-deny');
    const none = when({ 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['secret'] } });
    assert.equal(decide(none, BROKER, { 'aws:TagKeys': ['team', 'project'] }), 'allow');
    assert.equal(decide(none, BROKER, { 'aws:TagKeys': ['team', 'secret'] }), 'implicit-deny');
  });

  test('ArnLike and ArnEquals compare ARN parts, with wildcards inside a part', () => {
    const doc = when({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/team-*' } });
    assert.equal(decide(doc, BROKER, { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/team-blue' }), 'allow');
    assert.equal(decide(doc, BROKER, { 'aws:PrincipalArn': 'arn:aws:iam::222222222222:role/team-blue' }), 'implicit-deny');
    assert.equal(decide(when({ ArnNotEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:user/*' } }), BROKER, { 'aws:PrincipalArn': BROKER.type === 'AWS' ? BROKER.arn : '' }), 'implicit-deny');
  });

  test('numeric, date and IP operators', () => {
    assert.equal(decide(when({ NumericLessThanEquals: { 'test:n': '10' } }), BROKER, { 'test:n': 10 }), 'allow');
    assert.equal(decide(when({ NumericGreaterThan: { 'test:n': '10' } }), BROKER, { 'test:n': '9' }), 'implicit-deny');
    assert.equal(decide(when({ DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } }), BROKER, { 'aws:CurrentTime': '2026-11-21T00:00:00Z' }), 'allow');
    assert.equal(decide(when({ DateGreaterThan: { 'aws:EpochTime': '2030-01-01T00:00:00Z' } }), BROKER, { 'aws:EpochTime': '1795300000' }), 'implicit-deny');
    assert.equal(decide(when({ IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '127.0.0.1/32'] } }), BROKER, { 'aws:SourceIp': '127.0.0.1' }), 'allow');
    assert.equal(decide(when({ NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }), BROKER, { 'aws:SourceIp': '10.1.2.3' }), 'implicit-deny');
  });

  test('keys of any name work, so SAML and OIDC callers can pass SAML:aud or <issuer>:aud', () => {
    assert.equal(decide(when({ StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } }), SAML, { 'saml:aud': 'https://signin.aws.amazon.com/saml' }), 'allow');
    assert.equal(decide(when({ StringEquals: { 'login.example.com:aud': 'roleport' } }), SAML, { 'login.example.com:aud': 'other' }), 'implicit-deny');
  });

  test('all keys of a block and all blocks must hold', () => {
    const doc = when({ StringEquals: { 'sts:ExternalId': 'x1', 'sts:RoleSessionName': 'alice' }, StringLike: { 'sts:SourceIdentity': 'a*' } });
    assert.equal(decide(doc, BROKER, { 'sts:ExternalId': 'x1', 'sts:RoleSessionName': 'alice', 'sts:SourceIdentity': 'alice' }), 'allow');
    assert.equal(decide(doc, BROKER, { 'sts:ExternalId': 'x1', 'sts:RoleSessionName': 'alice', 'sts:SourceIdentity': 'bob' }), 'implicit-deny');
    assert.equal(decide(doc, BROKER, { 'sts:ExternalId': 'x1', 'sts:RoleSessionName': 'bob', 'sts:SourceIdentity': 'alice' }), 'implicit-deny');
  });

  test('policy variables take their value from the request; an unknown variable never matches', () => {
    const doc = when({ StringEquals: { 'sts:RoleSessionName': '${aws:username}' } });
    assert.equal(decide(doc, BROKER, { 'aws:username': 'alice', 'sts:RoleSessionName': 'alice' }), 'allow');
    assert.equal(decide(doc, BROKER, { 'aws:username': 'alice', 'sts:RoleSessionName': 'bob' }), 'implicit-deny');
    assert.equal(decide(doc, BROKER, { 'sts:RoleSessionName': 'alice' }), 'implicit-deny');
    assert.equal(decide(when({ StringLike: { 'sts:RoleSessionName': 'x${*}' } }), BROKER, { 'sts:RoleSessionName': 'x*' }), 'allow');
    assert.equal(decide(when({ StringLike: { 'sts:RoleSessionName': 'x${*}' } }), BROKER, { 'sts:RoleSessionName': 'xy' }), 'implicit-deny');
  });
});

describe('checking a policy', () => {
  test('a valid trust policy has no problems', () => {
    assert.deepEqual(checkTrustPolicy(policy({ Effect: 'Allow', Principal: { AWS: '111111111111' }, Action: ['sts:AssumeRole'], Condition: { 'ForAllValues:StringLike': { 'aws:TagKeys': '*' } } })), []);
  });

  test('problems are named: Resource, a missing Principal or Action, a bad Effect, an unknown operator, a bad principal', () => {
    assert.deepEqual(checkTrustPolicy(policy({ Effect: 'Permit', Principal: { AWS: 'bob' }, Action: 'sts:AssumeRole', Resource: '*', Condition: { StringEqualz: { 'sts:ExternalId': 'x' } } }, { Effect: 'Allow' })), [
      'Statement[0]: Has prohibited field Resource',
      'Statement[0]: Effect must be Allow or Deny',
      'Statement[0]: Invalid principal in policy: "AWS":"bob"',
      'Statement[0]: Condition: unknown operator StringEqualz',
      'Statement[1]: Missing required field Principal',
      'Statement[1]: Missing required field Action',
    ]);
    assert.deepEqual(checkTrustPolicy({ Version: '2012-10-17' }), ['Missing required field Statement']);
  });
});
