// Shared fixtures for the sandbox tests: a small sandbox configuration, a clock tests can move, a
// sandbox server per file, SDK clients and hand-signed requests.
import { Sha256 } from '@aws-crypto/sha256-js';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash } from 'node:crypto';
import { checkSandboxSection } from '../../src/config/sandbox.ts';
import type { SandboxConfig } from '../../src/config/index.ts';
import { type SandboxServer, startSandboxServer } from '../../src/sandbox/index.ts';

export const PROD = '111111111111';
export const DEV = '222222222222';
export const BROKER_ARN = `arn:aws:iam::${PROD}:user/roleport-broker`;
export const BROKER = { accessKeyId: 'AKIAROLEPORTBROKER01', secretAccessKey: 'broker-secret-0123456789abcdefghijklmnopqr' };
export const MALLORY = { accessKeyId: 'AKIAMALLORYOTHERACCT', secretAccessKey: 'mallory-secret-0123456789abcdefghijklmnop' };

const allowBroker = (actions: string[], extra: Record<string, unknown> = {}) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: BROKER_ARN }, Action: actions, ...extra }],
});

export function testSandboxConfig(): SandboxConfig {
  const raw = {
    accounts: [PROD, DEV],
    users: [
      {
        name: 'roleport-broker',
        account: PROD,
        accessKeyId: BROKER.accessKeyId,
        secretAccessKey: 'env:BROKER_SECRET',
        policies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:PutRolePolicy', 'iam:GetRolePolicy', 'iam:DeleteRolePolicy', 'iam:ListRolePolicies'], Resource: `arn:aws:iam::${PROD}:role/*` }, { Effect: 'Deny', Action: 'iam:*', Resource: `arn:aws:iam::${PROD}:role/Partner` }] }],
      },
      { name: 'mallory', account: DEV, accessKeyId: MALLORY.accessKeyId, secretAccessKey: 'env:MALLORY_SECRET' },
    ],
    roles: [
      { account: PROD, name: 'Admin', maxSessionDuration: '12h', trustPolicy: allowBroker(['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity']) },
      { account: PROD, name: 'ReadOnly', trustPolicy: allowBroker(['sts:AssumeRole']) },
      // Chained into from ReadOnly sessions: what a revocation of ReadOnly's older sessions stops.
      { account: PROD, name: 'Audit', trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${PROD}:role/ReadOnly` }, Action: 'sts:AssumeRole' }] } },
      {
        account: PROD,
        name: 'Partner',
        maxSessionDuration: '2h',
        trustPolicy: allowBroker(['sts:AssumeRole'], { Condition: { StringEquals: { 'sts:ExternalId': 'ext-123' } } }),
      },
      {
        account: PROD,
        name: 'Conditional',
        trustPolicy: {
          Version: '2012-10-17',
          Statement: [{
            Effect: 'Allow',
            Principal: { AWS: PROD },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1', 'aws:PrincipalType': 'User' }, StringLike: { 'sts:RoleSessionName': '${aws:username}-*' } },
          }],
        },
      },
      {
        account: DEV,
        name: 'Developer',
        maxSessionDuration: '12h',
        trustPolicy: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { AWS: [BROKER_ARN, `arn:aws:iam::${PROD}:role/Admin`] }, Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'] },
            { Sid: 'NoPayments', Effect: 'Deny', Principal: { AWS: PROD }, Action: 'sts:TagSession', Condition: { StringEquals: { 'aws:RequestTag/department': 'payments' } } },
          ],
        },
      },
    ],
  };
  return checkSandboxSection(raw, { env: { BROKER_SECRET: BROKER.secretAccessKey, MALLORY_SECRET: MALLORY.secretAccessKey }, baseDir: process.cwd(), file: '(test)' }).sandbox;
}

/** A clock the test moves: `clock.advance(ms)`; `clock.offset()` is how far it is from real time. */
export function movableClock() {
  let shift = 0;
  const clock = () => new Date(Date.now() + shift);
  clock.advance = (ms: number) => {
    shift += ms;
  };
  clock.offset = () => shift;
  return clock;
}

export type TestSandbox = SandboxServer & { clock: ReturnType<typeof movableClock> };

export async function startTestSandbox(): Promise<TestSandbox> {
  const clock = movableClock();
  const server = await startSandboxServer({ config: testSandboxConfig(), port: 0, host: '127.0.0.1', clock, onInternalError: (e) => process.stderr.write(`sandbox internal error: ${(e as Error).stack}\n`) });
  return Object.assign(server, { clock });
}

export type Keys = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

/** An SDK STS client against the sandbox; `clockOffset` lines the SDK's clock up with the sandbox's. */
export function sts(sandbox: TestSandbox, credentials: Keys, options: { clockOffset?: number; endpoint?: string; region?: string } = {}): STSClient {
  return new STSClient({
    region: options.region ?? 'us-east-1',
    endpoint: options.endpoint ?? sandbox.stsUrl,
    credentials,
    maxAttempts: 1,
    systemClockOffset: options.clockOffset ?? sandbox.clock.offset(),
  });
}

/** An SDK IAM client against the sandbox's /iam. */
export function iam(sandbox: TestSandbox, credentials: Keys): IAMClient {
  return new IAMClient({ region: 'us-east-1', endpoint: sandbox.iamUrl, credentials, maxAttempts: 1, systemClockOffset: sandbox.clock.offset() });
}

/** Keys from an STS Credentials result. */
export function keysOf(credentials: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } | undefined): Keys {
  if (!credentials?.AccessKeyId || !credentials.SecretAccessKey) throw new Error('no credentials in the STS answer');
  return { accessKeyId: credentials.AccessKeyId, secretAccessKey: credentials.SecretAccessKey, sessionToken: credentials.SessionToken };
}

export type RawAnswer = { status: number; headers: Headers; text: string };

/**
 * Sends a form body to the STS URL signed as the SDK does (x-amz-content-sha256 included) or as the CLI
 * does (`cli: true`: content-type;host;x-amz-date, no hash header); `tamper` changes the body after signing.
 */
export async function signedPost(url: string, body: string, keys: Keys, options: { signingDate?: Date; cli?: boolean; tamper?: (body: string) => string; headers?: Record<string, string>; unsignedHeaders?: Record<string, string>; sendTo?: string; service?: string } = {}): Promise<RawAnswer> {
  const target = new URL(url);
  const headers: Record<string, string> = { host: target.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...options.headers };
  if (!options.cli) headers['x-amz-content-sha256'] = createHash('sha256').update(body).digest('hex');
  const signer = new SignatureV4({ service: options.service ?? 'sts', region: 'us-east-1', sha256: Sha256, applyChecksum: !options.cli, credentials: keys });
  const signed = await signer.sign(new HttpRequest({ method: 'POST', protocol: target.protocol, hostname: target.hostname, port: Number(target.port), path: target.pathname, headers, body }), {
    signingDate: options.signingDate ?? new Date(),
  });
  const sent = options.tamper ? options.tamper(body) : body;
  const outHeaders: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers)) if (name !== 'host') outHeaders[name] = String(value);
  Object.assign(outHeaders, options.unsignedHeaders);
  const response = await fetch(options.sendTo ?? url, { method: 'POST', headers: outHeaders, body: sent });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** The Code and Message of an STS ErrorResponse. */
export function errorOf(xml: string): { type?: string; code?: string; message?: string } {
  const pick = (tag: string) => new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(xml)?.[1];
  return { type: pick('Type'), code: pick('Code'), message: pick('Message')?.replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&') };
}

/** Calls an SDK command and returns the error it throws (fails when it does not throw). */
export async function refusal(call: Promise<unknown>): Promise<{ name: string; message: string; status?: number; type?: string }> {
  try {
    await call;
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number }; Type?: string };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode, type: e.Type };
  }
  throw new Error('expected the call to be refused, it succeeded');
}
