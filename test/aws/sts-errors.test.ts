import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mapStsError } from '../../src/aws/sts-errors.ts';

const call = { action: 'AssumeRole', roleArn: 'arn:aws:iam::111111111111:role/Admin', roleKey: 'prod/Admin', endpoint: 'https://sts.us-east-1.amazonaws.com', timeoutSeconds: 5 };

/** An error shaped as @aws-sdk/client-sts throws it: the class name, the raw query-protocol Code, $metadata. */
function sdkError(code: string, message: string, status: number, requestId = 'req-123', className = code) {
  return Object.assign(new Error(message), { name: className, Code: code, $metadata: { httpStatusCode: status, requestId } });
}

describe('STS errors as messages a person can act on', () => {
  it('says a trust policy refused Roleport on AccessDenied, with the request id and what AWS said', () => {
    const error = mapStsError(sdkError('AccessDenied', 'User: arn:aws:iam::111111111111:user/roleport is not authorized to perform: sts:AssumeRole', 403), call);
    assert.equal(error.status, 502);
    assert.equal(error.code, 'sts_access_denied');
    assert.match(error.message, /^AWS refused AssumeRole for prod\/Admin: this role's trust policy does not allow Roleport to assume it/);
    assert.equal(error.detail, 'Role: arn:aws:iam::111111111111:role/Admin — AWS said: User: arn:aws:iam::111111111111:user/roleport is not authorized to perform: sts:AssumeRole — STS request id: req-123');
  });

  it('says which identity provider to trust when AssumeRoleWithSAML or AssumeRoleWithWebIdentity is refused', () => {
    const saml = mapStsError(sdkError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithSAML', 403), { ...call, action: 'AssumeRoleWithSAML' });
    assert.equal(saml.message, "AWS refused AssumeRoleWithSAML for prod/Admin: this role's trust policy does not allow your sign-in to assume it. An AWS administrator of the role's account must trust the SAML provider (and SAML:aud) your sign-in came from.");
    const oidc = mapStsError(sdkError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity', 403), { ...call, action: 'AssumeRoleWithWebIdentity' });
    assert.match(oidc.message, /must trust the OIDC provider \(and its :aud and :sub conditions\) your sign-in came from\.$/);
  });

  it("blames Roleport's own credentials for InvalidClientTokenId, SignatureDoesNotMatch and ExpiredToken", () => {
    assert.equal(mapStsError(sdkError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403), call).message,
      "Roleport's own AWS credentials are wrong: AWS does not know its access key. The Roleport administrator must fix aws.credentials.");
    assert.match(mapStsError(sdkError('SignatureDoesNotMatch', 'x', 403), call).message, /^Roleport's own AWS credentials are wrong: AWS says the secret key does not match/);
    assert.equal(mapStsError(sdkError('ExpiredToken', 'The security token included in the request is expired', 403), call).code, 'broker_credentials_expired');
  });

  it('explains RegionDisabled, MalformedPolicyDocument, PackedPolicyTooLarge, ValidationError and Throttling', () => {
    const codes = [
      ['RegionDisabledException', 'RegionDisabledException', 'sts_region_disabled', /STS is not activated in this region for the account of prod\/Admin/],
      ['MalformedPolicyDocument', 'MalformedPolicyDocumentException', 'sts_malformed_policy', /session policy Roleport sends for prod\/Admin as malformed/],
      ['PackedPolicyTooLarge', 'PackedPolicyTooLargeException', 'sts_policy_too_large', /too large for AWS/],
      ['ValidationError', 'ValidationError', 'sts_validation_error', /refused the AssumeRole request for prod\/Admin as invalid/],
      ['Throttling', 'Throttling', 'sts_throttled', /limiting how fast Roleport may call it/],
    ] as const;
    for (const [awsCode, className, code, message] of codes) {
      const error = mapStsError(sdkError(awsCode, 'aws says', 400, 'req-123', className), call);
      assert.equal(error.code, code, awsCode);
      assert.match(error.message, message, awsCode);
      assert.match(error.detail ?? '', /STS request id: req-123$/, awsCode);
    }
  });

  it('tells the person STS was unreachable or did not answer in time, with no request id', () => {
    const refused = mapStsError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED', $metadata: {} }), call);
    assert.equal(refused.status, 503);
    assert.equal(refused.message, 'Roleport cannot reach AWS STS (ECONNREFUSED), so no prod/Admin session was opened. Try again in a minute; if it keeps happening, tell the Roleport administrator.');
    const timeout = mapStsError(Object.assign(new Error('timed out'), { name: 'TimeoutError' }), call);
    assert.equal(timeout.status, 504);
    assert.equal(timeout.message, 'AWS STS did not answer within 5 seconds, so no prod/Admin session was opened. Try again in a minute; if it keeps happening, tell the Roleport administrator.');
    assert.equal(timeout.detail, 'Endpoint: https://sts.us-east-1.amazonaws.com — STS request id: none (no answer from STS)');
  });

  it('says Roleport has no AWS credentials when the provider chain finds none', () => {
    const error = mapStsError(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }), call);
    assert.equal(error.status, 503);
    assert.equal(error.code, 'broker_credentials_missing');
  });

  it('names an unknown code, and treats a 5xx as a temporary failure', () => {
    assert.equal(mapStsError(sdkError('SomethingNew', 'hm', 400), call).message, 'AWS refused AssumeRole for prod/Admin (SomethingNew).');
    assert.equal(mapStsError(sdkError('InternalFailure', 'oops', 500), call).status, 503);
  });
});
