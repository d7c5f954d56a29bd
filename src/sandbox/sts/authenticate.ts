// Verifies a request's SigV4 signature as STS and IAM do (sts-wire-protocol §2) and names its caller:
// body hash recomputed from the raw bytes, AWS's 15-minute skew window, session tokens checked.
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, timingSafeEqual } from 'node:crypto';
import { amzDate } from '../ids.ts';
import type { SandboxState } from '../state.ts';
import { type Caller, callerFromSession, callerFromUser } from './caller.ts';
import { StsError, expiredToken, incompleteSignature, invalidClientTokenId, missingAuthentication, signatureDoesNotMatch } from './errors.ts';

export type SignedRequest = {
  method: string;
  /** The path as received (the mount path included), without the query string. */
  path: string;
  query: Record<string, string | string[]>;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: Buffer;
};

/** The services the sandbox answers with SigV4: the name in the credential scope. */
export type SigningService = 'sts' | 'iam';

const SKEW_MS = 15 * 60_000;
const ISO_BASIC = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/;

export async function authenticate(request: SignedRequest, state: SandboxState, expectedService: SigningService = 'sts'): Promise<Caller> {
  const { headers } = request;
  const authorization = headers.authorization;
  if (!authorization) throw missingAuthentication();
  const parsed = parseAuthorization(authorization);
  const scope = parsed.credential.split('/');
  if (scope.length !== 5)
    throw incompleteSignature(`Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${parsed.credential}'`);
  const [accessKeyId, day, region, service, terminator] = scope;
  if (terminator !== 'aws4_request') throw signatureDoesNotMatch(`Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'.`);
  if (service !== expectedService) throw signatureDoesNotMatch(`Credential should be scoped to correct service: '${expectedService}'. `);
  if (!/^[a-z0-9-]+$/.test(region)) throw signatureDoesNotMatch('Credential should be scoped to a valid region. ');

  const dateHeader = headers['x-amz-date'];
  if (!dateHeader) throw incompleteSignature(`Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${authorization}`);
  const d = ISO_BASIC.exec(dateHeader);
  if (!d) throw incompleteSignature(`Date must be in ISO-8601 'basic format'. Got '${dateHeader}'. See http://en.wikipedia.org/wiki/ISO_8601`);
  if (day !== dateHeader.slice(0, 8))
    throw signatureDoesNotMatch(`Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${day}' != '${dateHeader.slice(0, 8)}', from '${dateHeader}'.`);
  const signedAt = new Date(Date.UTC(+d[1], +d[2] - 1, +d[3], +d[4], +d[5], +d[6]));
  const now = state.clock();
  if (Number.isNaN(signedAt.getTime())) throw incompleteSignature(`Date must be in ISO-8601 'basic format'. Got '${dateHeader}'. See http://en.wikipedia.org/wiki/ISO_8601`);
  if (signedAt.getTime() < now.getTime() - SKEW_MS)
    throw signatureDoesNotMatch(`Signature expired: ${dateHeader} is now earlier than ${amzDate(new Date(now.getTime() - SKEW_MS))} (${amzDate(now)} - 15 min.)`);
  if (signedAt.getTime() > now.getTime() + SKEW_MS)
    throw signatureDoesNotMatch(`Signature not yet current: ${dateHeader} is still later than ${amzDate(new Date(now.getTime() + SKEW_MS))} (${amzDate(now)} + 15 min.)`);

  const signed = parsed.signedHeaders.split(';');
  if (!signed.includes('host')) throw incompleteSignature(`'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.`);
  if (!signed.includes('x-amz-date')) throw signatureDoesNotMatch();
  const token = headers['x-amz-security-token'];
  if (token !== undefined && !signed.includes('x-amz-security-token')) throw signatureDoesNotMatch();
  // SignatureV4 trusts this header instead of hashing the body: check it against the bytes received.
  const claimed = headers['x-amz-content-sha256'];
  if (claimed !== undefined && claimed !== createHash('sha256').update(request.body).digest('hex')) throw signatureDoesNotMatch();

  let caller: Caller;
  let secret: string;
  if (accessKeyId.startsWith('ASIA')) {
    const verdict = state.sessions.verify(accessKeyId, token, now);
    if (!verdict.ok) throw verdict.reason === 'expired' ? expiredToken() : invalidClientTokenId();
    caller = callerFromSession(verdict.claims);
    secret = state.sessions.secretFor(accessKeyId);
  } else {
    const user = state.usersByKey.get(accessKeyId);
    if (!user || token !== undefined) throw invalidClientTokenId();
    caller = callerFromUser(user);
    secret = user.secretAccessKey;
  }

  const signedHeaders: Record<string, string> = {};
  for (const name of signed) signedHeaders[name] = headers[name] ?? '';
  const signer = new SignatureV4({
    service: expectedService,
    region,
    sha256: Sha256,
    applyChecksum: signed.includes('x-amz-content-sha256'),
    credentials: { accessKeyId, secretAccessKey: secret, sessionToken: token },
  });
  const resigned = await signer.sign(
    new HttpRequest({ method: request.method, protocol: 'https:', hostname: signedHeaders.host, path: request.path, query: request.query, headers: signedHeaders, body: request.body }),
    { signingDate: signedAt, signableHeaders: new Set(signed) },
  );
  const expected = /Signature=([0-9a-f]{64})/.exec(String(resigned.headers.authorization))?.[1] ?? '';
  if (expected.length !== parsed.signature.length || !timingSafeEqual(Buffer.from(expected), Buffer.from(parsed.signature))) throw signatureDoesNotMatch();
  return { ...caller, region };
}

type ParsedAuthorization = { credential: string; signedHeaders: string; signature: string };

function parseAuthorization(header: string): ParsedAuthorization {
  const space = header.indexOf(' ');
  const algorithm = space === -1 ? header : header.slice(0, space);
  if (algorithm !== 'AWS4-HMAC-SHA256') throw incompleteSignature(`Unsupported AWS 'algorithm': '${algorithm}'. Authorization=${header}`);
  const fields = new Map<string, string>();
  for (const part of header.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const missing = ['Credential', 'SignedHeaders', 'Signature'].filter((name) => !fields.get(name));
  if (missing.length > 0) throw incompleteSignature(`${missing.map((name) => `Authorization header requires '${name}' parameter.`).join(' ')} Authorization=${header}`);
  const signedHeaders = fields.get('SignedHeaders')!;
  if (!/^[a-z0-9-]+(;[a-z0-9-]+)*$/.test(signedHeaders)) throw incompleteSignature(`SignedHeaders must be lower-case header names separated by ';'. Authorization=${header}`);
  const signature = fields.get('Signature')!;
  if (!/^[0-9a-f]{64}$/.test(signature)) throw signatureDoesNotMatch();
  return { credential: fields.get('Credential')!, signedHeaders, signature };
}

export { StsError };
