// Query-protocol errors as AWS's STS and IAM send them: a code, an HTTP status, a message; Type follows from the status.
export class StsError extends Error {
  readonly code: string;
  readonly status: number;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'StsError';
    this.status = status;
    this.code = code;
  }

  get type(): 'Sender' | 'Receiver' {
    return this.status >= 500 ? 'Receiver' : 'Sender';
  }
}

export const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

export const missingAuthentication = () => new StsError(403, 'MissingAuthenticationToken', 'Request is missing Authentication Token');
export const incompleteSignature = (message: string) => new StsError(400, 'IncompleteSignature', message);
export const signatureDoesNotMatch = (message = SIGNATURE_MISMATCH) => new StsError(403, 'SignatureDoesNotMatch', message);
export const invalidClientTokenId = () => new StsError(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
export const expiredToken = () => new StsError(403, 'ExpiredToken', 'The security token included in the request is expired');
export const accessDenied = (message: string) => new StsError(403, 'AccessDenied', message);
export const notAuthorized = (callerArn: string, action: string, resource: string) =>
  accessDenied(`User: ${callerArn} is not authorized to perform: ${action} on resource: ${resource}`);
export const explicitDeny = (callerArn: string, action: string, resource: string) =>
  accessDenied(`User: ${callerArn} is not authorized to perform: ${action} on resource: ${resource} with an explicit deny in an identity-based policy`);
export const noSuchEntity = (message: string) => new StsError(404, 'NoSuchEntity', message);
export const limitExceeded = (message: string) => new StsError(409, 'LimitExceeded', message);
export const validationError = (message: string) => new StsError(400, 'ValidationError', message);
export const malformedPolicy = (message: string) => new StsError(400, 'MalformedPolicyDocument', message);
export const packedPolicyTooLarge = (percent: number) =>
  new StsError(400, 'PackedPolicyTooLarge', `Packed policy consumes ${percent}% of allotted space, please use smaller policy.`);
export const internalFailure = () => new StsError(500, 'InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.');
