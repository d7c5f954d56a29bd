// The demo configuration used when no config file exists: local users, two sandbox accounts, the
// sandbox STS mounted at /sandbox. Its keys are made fresh on every start and work only there.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const DEMO_PASSWORD = 'roleport-demo';
/** scrypt of DEMO_PASSWORD (ln=14); the demo shows the password on its login page. */
const DEMO_PASSWORD_HASH = '$scrypt$ln=14,r=8,p=1$+GXM003yGgkoVtk4MLhrew$bQGexIf+G1R2PT7ckGGzUnIm58DBWtHTfqa1UtjhUB4';

export const DEMO_ACCOUNTS = { prod: '111111111111', dev: '222222222222' } as const;
const BROKER_USER = 'roleport-broker';
/** The role of sandbox-dev Roleport assumes to call IAM there (IAM acts on the caller's own account). */
const REVOCATION_ROLE = 'RoleportRevocation';

/** A fresh IAM-user-like access key id for the demo's broker user. */
export function demoAccessKeyId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  return 'AKIA' + Array.from(randomBytes(16), (byte) => alphabet[byte % 32]).join('');
}

/** Secrets the demo makes per start, handed to the loader as if they were environment variables. */
export function demoSecrets(): Record<string, string> {
  return {
    ROLEPORT_DEMO_SESSION_SECRET: randomBytes(32).toString('base64url'),
    ROLEPORT_DEMO_BROKER_SECRET: randomBytes(30).toString('base64'),
    ROLEPORT_DEMO_MFA_KEY: randomBytes(32).toString('base64url'),
  };
}

export const DEMO_DB = 'demo.db';
export const DEMO_KEY = 'demo.key';

/** Makes the demo's data folder and, once, its factor encryption key (readable by its owner only). */
export function ensureDemoData(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  try {
    writeFileSync(join(dataDir, DEMO_KEY), `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error; // kept from an earlier start
  }
}

/** Where the demo keeps enrolled factors and its audit trail: a folder (see ensureDemoData), or memory. */
function demoData(dataDir: string | undefined) {
  if (!dataDir) return { storage: { type: 'sqlite', path: ':memory:' }, mfa: { encryptionKey: 'env:ROLEPORT_DEMO_MFA_KEY' } };
  const db = join(dataDir, DEMO_DB);
  return { storage: { type: 'sqlite', path: db }, audit: { store: { type: 'sqlite', path: db } }, mfa: { encryptionKey: `file:${join(dataDir, DEMO_KEY)}` } };
}

/** Trusts Roleport's broker user; with `mfa`, only for sessions Roleport tagged as having passed step-up. */
function brokerTrust(options: { mfa?: boolean } = {}) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${DEMO_ACCOUNTS.prod}:user/${BROKER_USER}` },
        Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'],
        ...(options.mfa ? { Condition: { StringEquals: { 'aws:RequestTag/mfa': 'true' } } } : {}),
      },
    ],
  };
}

/**
 * The demo configuration, in the same shape as a config file, for `publicUrl`. With `dataDir`,
 * enrolled factors and the audit trail survive a restart there; without it they live in memory.
 */
export function demoConfig(publicUrl: string, port: number, brokerKeyId: string, dataDir?: string): Record<string, unknown> {
  const base = publicUrl.replace(/\/$/, '');
  return {
    server: { publicUrl: base, port, host: '127.0.0.1' },
    session: { secret: 'env:ROLEPORT_DEMO_SESSION_SECRET' },
    ...demoData(dataDir),
    admin: { groups: ['aws-admins'] },
    identity: [
      {
        id: 'demo',
        type: 'local',
        label: 'Demo users',
        users: [
          { name: 'alice', displayName: 'Alice Example', email: 'alice@example.com', password: DEMO_PASSWORD_HASH, groups: ['aws-admins', 'developers'], attributes: { department: 'platform' } },
          { name: 'bob', displayName: 'Bob Example', email: 'bob@example.com', password: DEMO_PASSWORD_HASH, groups: ['developers'], attributes: { department: 'payments' } },
        ],
      },
    ],
    aws: {
      partition: 'aws',
      region: 'us-east-1',
      credentials: { sandboxUser: BROKER_USER },
      endpoints: { sts: `${base}/sandbox/sts`, iam: `${base}/sandbox/iam`, signin: `${base}/sandbox/federation`, console: `${base}/sandbox/console`, logout: `${base}/sandbox/oauth` },
      consoleDestinations: [`${base}/sandbox/console/`],
    },
    accounts: [
      { id: DEMO_ACCOUNTS.prod, name: 'sandbox-prod', color: 'red', description: 'Sandbox production account' },
      { id: DEMO_ACCOUNTS.dev, name: 'sandbox-dev', color: 'green', description: 'Sandbox development account', revocationRole: REVOCATION_ROLE },
    ],
    roles: [
      { account: 'sandbox-prod', name: 'Admin', description: 'Full administrator', maxDuration: '12h', sourceIdentity: true, sessionTags: { department: '{attributes.department}' }, mfa: 'required' },
      { account: 'sandbox-prod', name: 'ReadOnly', description: 'Read-only access to production', maxDuration: '12h', sourceIdentity: true },
      { account: 'sandbox-dev', name: 'Developer', description: 'Build and deploy in development', maxDuration: '12h', sourceIdentity: true, sessionTags: { department: '{attributes.department}' } },
      { account: 'sandbox-dev', name: 'ReadOnly', description: 'Read-only access to development', maxDuration: '12h', sourceIdentity: true },
    ],
    rules: [
      { description: 'Administrators', groups: ['aws-admins'], grant: ['sandbox-prod/Admin', 'sandbox-dev/*'] },
      { description: 'Developers', groups: ['developers'], grant: ['sandbox-dev/Developer', 'sandbox-prod/ReadOnly'] },
    ],
    sandbox: {
      mount: '/sandbox',
      accounts: [DEMO_ACCOUNTS.prod, DEMO_ACCOUNTS.dev],
      users: [{
        name: BROKER_USER,
        account: DEMO_ACCOUNTS.prod,
        accessKeyId: brokerKeyId,
        secretAccessKey: 'env:ROLEPORT_DEMO_BROKER_SECRET',
        // Revoking the sessions of its own account's roles (/admin/roles).
        policies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:PutRolePolicy', 'iam:GetRolePolicy'], Resource: `arn:aws:iam::${DEMO_ACCOUNTS.prod}:role/*` }] }],
      }],
      roles: [
        { account: DEMO_ACCOUNTS.prod, name: 'Admin', maxSessionDuration: '12h', trustPolicy: brokerTrust({ mfa: true }) },
        { account: DEMO_ACCOUNTS.prod, name: 'ReadOnly', maxSessionDuration: '12h', trustPolicy: brokerTrust() },
        { account: DEMO_ACCOUNTS.dev, name: 'Developer', maxSessionDuration: '12h', trustPolicy: brokerTrust() },
        { account: DEMO_ACCOUNTS.dev, name: 'ReadOnly', maxSessionDuration: '12h', trustPolicy: brokerTrust() },
        { account: DEMO_ACCOUNTS.dev, name: REVOCATION_ROLE, trustPolicy: brokerTrust() },
      ],
    },
  };
}
