// Test harness: a real SAML 2.0 IdP (Debian's SimpleSAMLphp 1.19) served by `php -S` from a temporary
// config folder, with users alice and bob and service providers registered by the test.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/free-port.ts';

const WWW = '/usr/share/simplesamlphp/www';

export type SamlTestUser = {
  username: string;
  password: string;
  displayName: string;
  email: string;
  /** Group names; also sent as DNs in `memberOf` (cn=<name>,ou=groups,dc=example,dc=org). */
  groups: string[];
};

export const SAML_USERS: SamlTestUser[] = [
  { username: 'alice', password: 'alice-saml-password', displayName: 'Alice Admin', email: 'alice@example.org', groups: ['aws-admins', 'developers'] },
  { username: 'bob', password: 'bob-saml-password', displayName: 'Bob Builder', email: 'bob@example.org', groups: ['developers'] },
];

export type ServiceProviderRegistration = {
  entityId: string;
  acsUrl: string;
  /** Where the IdP sends LogoutRequest/LogoutResponse (HTTP-Redirect binding). */
  sloUrl?: string;
  /** The SP's signing certificate (PEM), so the IdP checks signed requests. */
  certificate?: string;
  /** Extra attributes per username, e.g. the AWS Role attribute for the AWS application. */
  extraAttributes?: Record<string, Record<string, string[]>>;
  /** Sends attribute names as URIs (the AWS attributes need the uri NameFormat). */
  uriAttributeNames?: boolean;
  /** Audiences added to the entity ID in the assertion's AudienceRestriction. */
  audience?: string[];
  /** Seconds an assertion for this SP stays valid (SimpleSAMLphp's default: 300). */
  assertionLifetime?: number;
};

export type SimpleSamlPhp = {
  url: string;
  entityId: string;
  /** The IdP's SSO endpoint (HTTP-Redirect binding). */
  ssoUrl: string;
  sloUrl: string;
  metadataUrl: string;
  /** The IdP's signing certificate (PEM). */
  certificate: string;
  /** The IdP's signing key (PEM), for tests that need to forge with the right key. */
  privateKey: string;
  dir: string;
  /** Registers (or replaces) the service providers the IdP knows; takes effect on the next request. */
  setServiceProviders(sps: ServiceProviderRegistration[]): void;
  /** The IdP-initiated SSO URL for a registered SP. */
  idpInitiatedUrl(spEntityId: string, relayState?: string): string;
  stop(): Promise<void>;
};


/** A self-signed RSA key pair made with openssl (the IdP's signing credentials). */
export function makeCertificate(dir: string, name: string, subject = `/CN=${name}`): { key: string; cert: string; keyPath: string; certPath: string } {
  const keyPath = join(dir, `${name}.key`);
  const certPath = join(dir, `${name}.crt`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '30', '-subj', subject, '-keyout', keyPath, '-out', certPath], { stdio: 'ignore' });
  return { key: readFileSync(keyPath, 'utf8'), cert: readFileSync(certPath, 'utf8'), keyPath, certPath };
}

const php = (value: unknown): string => {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(value)) return `[${value.map(php).join(', ')}]`;
  return `[${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${php(k)} => ${php(v)}`).join(', ')}]`;
};

const pemBody = (pem: string) => pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');

/** `hostname`: the name in the IdP's URLs; `localhost` makes it another site than Roleport on 127.0.0.1 (it still listens on 127.0.0.1). */
export async function startSimpleSamlPhp(options: { users?: SamlTestUser[]; sps?: ServiceProviderRegistration[]; hostname?: 'localhost' | '127.0.0.1' } = {}): Promise<SimpleSamlPhp> {
  const users = options.users ?? SAML_USERS;
  const dir = mkdtempSync(join(tmpdir(), 'roleport-ssp-'));
  for (const sub of ['metadata', 'cert', 'sessions', 'tmp', 'log', 'data']) mkdirSync(join(dir, sub));
  const port = await freePort();
  const url = `http://${options.hostname ?? '127.0.0.1'}:${port}`;
  const base = `${url}/`;
  const entityId = `${url}/saml2/idp/metadata.php`;
  const credentials = makeCertificate(join(dir, 'cert'), 'idp', '/CN=Roleport test IdP');

  writeFileSync(join(dir, 'config.php'), `<?php
$config = ${php({
    baseurlpath: base,
    certdir: join(dir, 'cert') + '/',
    metadatadir: join(dir, 'metadata') + '/',
    loggingdir: join(dir, 'log') + '/',
    datadir: join(dir, 'data') + '/',
    tempdir: join(dir, 'tmp'),
    'logging.handler': 'file',
    'logging.logfile': 'simplesamlphp.log',
    'logging.level': 3,
    secretsalt: 'roleport-test-salt-' + port,
    'auth.adminpassword': 'roleport-test-admin',
    technicalcontact_name: 'Roleport tests',
    technicalcontact_email: 'tests@example.org',
    timezone: 'UTC',
    'enable.saml20-idp': true,
    'enable.shib13-idp': false,
    'module.enable': { exampleauth: true, core: true, saml: true, admin: true },
    'session.cookie.secure': false,
    'session.cookie.samesite': null,
    'language.cookie.secure': false,
    'session.phpsession.savepath': join(dir, 'sessions'),
    'session.phpsession.cookiename': 'SimpleSAMLRoleportTest',
    'store.type': 'phpsession',
    showerrors: true,
    errorreporting: false,
  })};
`);

  const userEntries: Record<string, Record<string, string[]>> = {};
  for (const user of users) {
    userEntries[`${user.username}:${user.password}`] = {
      uid: [user.username],
      displayName: [user.displayName],
      mail: [user.email],
      groups: user.groups,
      memberOf: user.groups.map((group) => `cn=${group},ou=groups,dc=example,dc=org`),
    };
  }
  writeFileSync(join(dir, 'authsources.php'), `<?php
$config = ${php({ admin: ['core:AdminPassword'], 'example-userpass': { 0: 'exampleauth:UserPass', ...userEntries } })};
`);

  writeFileSync(join(dir, 'metadata', 'saml20-idp-hosted.php'), `<?php
$metadata['__DYNAMIC:1__'] = ${php({
    host: '__DEFAULT__',
    privatekey: 'idp.key',
    certificate: 'idp.crt',
    auth: 'example-userpass',
    'signature.algorithm': 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    'saml20.sign.response': true,
    'saml20.sign.assertion': true,
    'attributes.NameFormat': 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic',
    NameIDFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
    'simplesaml.nameidattribute': 'uid',
  })};
`);

  const setServiceProviders = (sps: ServiceProviderRegistration[]) => {
    const entries = sps.map((sp) => {
      const entry: Record<string, unknown> = {
        AssertionConsumerService: [{ Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST', Location: sp.acsUrl, index: 0 }],
        NameIDFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
        'simplesaml.nameidattribute': 'uid',
        'signature.algorithm': 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
      };
      if (sp.sloUrl) entry.SingleLogoutService = [{ Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect', Location: sp.sloUrl }];
      if (sp.certificate) entry.keys = [{ encryption: false, signing: true, type: 'X509Certificate', X509Certificate: pemBody(sp.certificate) }];
      if (sp.uriAttributeNames) entry['attributes.NameFormat'] = 'urn:oasis:names:tc:SAML:2.0:attrname-format:uri';
      if (sp.audience) entry.audience = sp.audience;
      if (sp.assertionLifetime !== undefined) entry['assertion.lifetime'] = sp.assertionLifetime;
      let authproc = '';
      if (sp.extraAttributes) {
        // core:PHP runs with $attributes in scope: add the per-user attributes by uid.
        const code = `$extra = ${php(sp.extraAttributes)}; $uid = $attributes['uid'][0] ?? ''; if (isset($extra[$uid])) { foreach ($extra[$uid] as $k => $v) { $attributes[$k] = $v; } }`;
        authproc = `$metadata[${php(sp.entityId)}]['authproc'] = [10 => ['class' => 'core:PHP', 'code' => ${php(code)}]];\n`;
      }
      return `$metadata[${php(sp.entityId)}] = ${php(entry)};\n${authproc}`;
    });
    writeFileSync(join(dir, 'metadata', 'saml20-sp-remote.php'), `<?php\n${entries.join('')}`);
  };
  setServiceProviders(options.sps ?? []);

  const child: ChildProcess = spawn('php', ['-S', `127.0.0.1:${port}`, '-t', WWW], {
    env: { ...process.env, SIMPLESAMLPHP_CONFIG_DIR: dir, PHP_CLI_SERVER_WORKERS: '4' },
    stdio: ['ignore', 'ignore', 'pipe'],
    // Its own process group: PHP_CLI_SERVER_WORKERS forks workers that must stop with it.
    detached: true,
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr = (stderr + String(chunk)).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const metadataUrl = `${url}/saml2/idp/metadata.php`;
  for (let attempt = 0; ; attempt++) {
    try {
      const response = await fetch(metadataUrl);
      if (response.ok) break;
      if (attempt > 100) throw new Error(`SimpleSAMLphp metadata answered ${response.status}: ${(await response.text()).slice(0, 500)}`);
    } catch (error) {
      if (child.exitCode !== null || attempt > 100) throw new Error(`SimpleSAMLphp did not start: ${(error as Error).message}\n${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  return {
    url,
    entityId,
    ssoUrl: `${url}/saml2/idp/SSOService.php`,
    sloUrl: `${url}/saml2/idp/SingleLogoutService.php`,
    metadataUrl,
    certificate: credentials.cert,
    privateKey: credentials.key,
    dir,
    setServiceProviders,
    idpInitiatedUrl: (spEntityId, relayState) =>
      `${url}/saml2/idp/SSOService.php?${new URLSearchParams({ spentityid: spEntityId, ...(relayState ? { RelayState: relayState } : {}) })}`,
    async stop() {
      if (child.exitCode === null && child.pid) {
        process.kill(-child.pid, 'SIGTERM');
        await exited;
      }
      child.stderr?.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
