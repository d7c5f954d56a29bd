// A sandbox AWS on its own port and a Roleport configuration pointing at it, for the issuer tests.
import { buildAccessPolicy, findEntitlement } from '../../src/access/index.ts';
import type { Entitlement } from '../../src/access/index.ts';
import { type RoleportConfig, checkConfig } from '../../src/config/index.ts';
import type { Identity } from '../../src/identity/index.ts';
import { type SandboxServer, startSandboxServer } from '../../src/sandbox/index.ts';

export const PROD = '111111111111';
export const PARTNER = '222222222222';
export const BROKER_KEY_ID = 'AKIATESTBROKER000001';
export const ENV = {
  TEST_SESSION_SECRET: 'a-test-session-secret-that-is-long-enough',
  BROKER_SECRET: 'broker/secret+key=0123456789abcdefghijkl',
  PARTNER_EXTERNAL_ID: 'roleport-partner-7f3a',
};

const brokerUser = `arn:aws:iam::${PROD}:user/roleport-broker`;
const trust = (principals: string[], condition?: Record<string, unknown>) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: principals }, Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'], ...(condition ? { Condition: condition } : {}) }],
});

export function sandboxSection() {
  return {
    mount: false,
    accounts: [PROD, PARTNER],
    users: [{ name: 'roleport-broker', account: PROD, accessKeyId: BROKER_KEY_ID, secretAccessKey: 'env:BROKER_SECRET' }],
    roles: [
      // Trusts the broker user and sessions of BrokerHop (so Roleport may run on role credentials).
      { account: PROD, name: 'Admin', maxSessionDuration: '12h', trustPolicy: trust([brokerUser, `arn:aws:iam::${PROD}:role/BrokerHop`]) },
      { account: PROD, name: 'Locked', trustPolicy: trust([`arn:aws:iam::${PROD}:user/someone-else`]) },
      { account: PROD, name: 'BrokerHop', maxSessionDuration: '12h', trustPolicy: trust([brokerUser]) },
      { account: PARTNER, name: 'Partner', trustPolicy: trust([brokerUser], { StringEquals: { 'sts:ExternalId': ENV.PARTNER_EXTERNAL_ID } }) },
    ],
  };
}

export type Urls = { sts: string; federation: string; console: string };

/** A Roleport configuration issuing from the sandbox at `urls`; `aws` overrides parts of the aws section. */
export function roleportConfig(urls: Urls, aws: Record<string, unknown> = {}, extra: Record<string, unknown> = {}, env: Record<string, string> = {}): RoleportConfig {
  const raw = {
    server: { publicUrl: 'https://roleport.example.test' },
    session: { secret: 'env:TEST_SESSION_SECRET' },
    identity: [{ id: 'corp', type: 'local', users: [] }],
    aws: {
      credentials: { sandboxUser: 'roleport-broker' },
      endpoints: { sts: urls.sts, signin: urls.federation, console: urls.console },
      consoleDestinations: [`${urls.console}/`],
      stsTimeout: 2,
      ...aws,
    },
    accounts: [
      { id: PROD, name: 'prod' },
      { id: PARTNER, name: 'partner', externalId: 'env:PARTNER_EXTERNAL_ID' },
    ],
    roles: [
      { account: 'prod', name: 'Admin', maxDuration: '12h', sourceIdentity: true, sessionTags: { department: '{attributes.department}' } },
      { account: 'prod', name: 'Locked' },
      { account: 'prod', name: 'Fed', method: 'federation-token', maxDuration: '36h', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }] } },
      { account: 'partner', name: 'Partner' },
    ],
    rules: [{ groups: ['aws-admins'], grant: ['prod/*', 'partner/*'] }],
    sandbox: sandboxSection(),
    ...extra,
  };
  return checkConfig(raw, { env: { ...ENV, ...env }, baseDir: process.cwd(), file: '(test)' }).config;
}

export async function startSandbox(): Promise<SandboxServer> {
  const placeholder = roleportConfig({ sts: 'http://127.0.0.1:9/sts', federation: 'http://127.0.0.1:9/federation', console: 'http://127.0.0.1:9/console' });
  return startSandboxServer({ config: placeholder.sandbox!, port: 0 });
}

export function urlsOf(sandbox: SandboxServer): Urls {
  return { sts: sandbox.stsUrl, federation: sandbox.federationUrl, console: sandbox.consoleUrl };
}

export const alice: Identity = {
  subject: 'alice',
  username: 'alice',
  displayName: 'Alice Admin',
  email: 'alice@example.com',
  groups: ['aws-admins', 'developers'],
  attributes: { department: ['platform'] },
  source: 'corp',
  mfa: false,
  authTime: new Date(),
};

export function entitlementFor(config: RoleportConfig, identity: Identity, key: string): Entitlement {
  const entitlement = findEntitlement(identity, buildAccessPolicy(config), key);
  if (!entitlement) throw new Error(`${identity.username} is not entitled to ${key}`);
  return entitlement;
}
