import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { externalIdFor, externalIdProblem } from '../../src/aws/external-id.ts';
import { sessionPolicyFor, sessionPolicyProblems } from '../../src/aws/session-policy.ts';

describe('ExternalId', () => {
  it('sends the configured value when STS will accept it', () => {
    assert.equal(externalIdFor({ key: 'prod/Admin', externalId: { value: 'roleport:prod/Admin-2024', from: 'env:X' } }), 'roleport:prod/Admin-2024');
    assert.equal(externalIdFor({ key: 'prod/Admin' }), undefined);
  });

  it("names what is wrong with a value outside STS's rules", () => {
    assert.equal(externalIdProblem('x'), 'must be 2-1224 characters long (it is 1)');
    assert.equal(externalIdProblem('has space'), 'may contain only letters, digits and + = , . @ : / - _');
    assert.equal(externalIdProblem('a'.repeat(1225)), 'must be 2-1224 characters long (it is 1225)');
    assert.throws(() => externalIdFor({ key: 'prod/Admin', externalId: { value: 'bad id', from: 'literal' } }), {
      message: 'The ExternalId configured for prod/Admin is not valid: it may contain only letters, digits and + = , . @ : / - _.',
    });
  });
});

describe('session policy', () => {
  const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });

  it('sends the inline policy and the managed policy ARNs', () => {
    assert.deepEqual(sessionPolicyFor({ key: 'dev/Fed', policy, policyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] }), {
      Policy: policy,
      PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
    });
    assert.deepEqual(sessionPolicyFor({ key: 'dev/Plain' }), { Policy: undefined, PolicyArns: undefined });
  });

  it("finds a policy STS would refuse: not JSON, too long, characters outside its range, too many ARNs", () => {
    assert.deepEqual(sessionPolicyProblems({ policy: '{not json' }), ['its policy is not valid JSON']);
    const long = JSON.stringify({ Version: '2012-10-17', Statement: [], Pad: 'x'.repeat(2048) });
    assert.deepEqual(sessionPolicyProblems({ policy: long }), [`its policy is ${long.length} characters long; STS accepts at most 2048`]);
    assert.deepEqual(sessionPolicyProblems({ policy: JSON.stringify({ Sid: '✓' }) }), ['its policy contains characters STS does not accept (only tab, newlines and U+0020-U+00FF)']);
    assert.deepEqual(sessionPolicyProblems({ policyArns: Array.from({ length: 11 }, (_, i) => `arn:aws:iam::aws:policy/P${i}`) }), ['it has 11 policy ARNs; STS accepts at most 10']);
  });
});
