// Test peer: a private OpenLDAP slapd in a temporary folder, on free loopback ports (ldap:// and
// ldaps://), with a test CA, the AD-attributes schema and the seed tree of test/peers/ldap/.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../support/free-port.ts';

const HERE = fileURLToPath(new URL('./ldap/', import.meta.url));
const SLAPD = '/usr/sbin/slapd';

export const BASE_DN = 'dc=corp,dc=example';
export const ADMIN_DN = `cn=admin,${BASE_DN}`;
export const ADMIN_PASSWORD = 'admin-secret';
export const SERVICE_DN = `cn=roleport,ou=service,${BASE_DN}`;
export const SERVICE_PASSWORD = 'service-secret';

export type Slapd = {
  dir: string;
  host: string;
  port: number;
  tlsPort: number;
  ldapUrl: string;
  ldapsUrl: string;
  /** The CA that signed the server certificate. */
  caFile: string;
  /** A CA that did not sign it. */
  wrongCaFile: string;
  /** Kills the server (as a crash would); `start()` brings it back on the same ports with the same data. */
  kill(): Promise<void>;
  start(): Promise<void>;
  /** Sends the server a signal: SIGSTOP makes it hang (connections accepted, nothing answered), SIGCONT resumes it. */
  signal(name: 'SIGSTOP' | 'SIGCONT'): void;
  /** Stops the server and removes its folder. */
  close(): Promise<void>;
};


function makeCertificates(dir: string): void {
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  for (const name of ['ca', 'wrong-ca']) {
    run(['req', '-x509', ...ec, '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '2', '-subj', `/CN=Roleport test ${name}`,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  }
  run(['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost']);
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\n');
  run(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'server.ext']);
}

function slapdConf(dir: string): string {
  return `# slapd.conf of a Roleport test run
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include /etc/ldap/schema/nis.schema
include ${join(HERE, 'ad-attributes.schema')}
pidfile ${join(dir, 'slapd.pid')}
argsfile ${join(dir, 'slapd.args')}
modulepath /usr/lib/ldap
moduleload back_mdb
moduleload memberof
moduleload ppolicy
TLSCACertificateFile ${join(dir, 'ca.pem')}
TLSCertificateFile ${join(dir, 'server.pem')}
TLSCertificateKeyFile ${join(dir, 'server.key')}
TLSProtocolMin 3.3

database mdb
maxsize 16777216
suffix "${BASE_DN}"
rootdn "${ADMIN_DN}"
rootpw ${ADMIN_PASSWORD}
directory ${join(dir, 'data')}
index objectClass,uid,member,memberUid,uniqueMember,sAMAccountName,userPrincipalName eq
access to attrs=userPassword by anonymous auth by self write by * none
access to * by users read by * none

overlay memberof
memberof-group-oc groupOfNames
memberof-member-ad member
memberof-memberof-ad memberOf

overlay ppolicy
ppolicy_default "cn=default,ou=policies,${BASE_DN}"
ppolicy_use_lockout
`;
}

function waitForPort(port: number, child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child.exitCode !== null) return reject(new Error(`slapd exited with code ${child.exitCode}`));
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`slapd did not listen on ${port}`));
        else setTimeout(attempt, 25);
      });
    };
    attempt();
  });
}

export async function startSlapd(): Promise<Slapd> {
  const dir = mkdtempSync(join(tmpdir(), 'roleport-slapd-'));
  mkdirSync(join(dir, 'data'));
  makeCertificates(dir);
  writeFileSync(join(dir, 'slapd.conf'), slapdConf(dir));
  const host = '127.0.0.1';
  const [port, tlsPort] = [await freePort(), await freePort()];
  const ldapUrl = `ldap://${host}:${port}`;
  const ldapsUrl = `ldaps://${host}:${tlsPort}`;
  let child: ChildProcess | undefined;
  let stderr = '';

  const start = async () => {
    stderr = '';
    // `-d 0` keeps slapd in the foreground, so it is our child and dies with a kill.
    const proc = spawn(SLAPD, ['-f', join(dir, 'slapd.conf'), '-h', `${ldapUrl}/ ${ldapsUrl}/`, '-d', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
    proc.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child = proc;
    try {
      await waitForPort(port, proc);
      await waitForPort(tlsPort, proc);
    } catch (error) {
      proc.kill('SIGKILL');
      throw new Error(`${(error as Error).message}\n${stderr}`);
    }
  };

  const kill = async () => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGKILL');
    await exited;
  };

  await start();
  try {
    execFileSync('ldapadd', ['-x', '-H', ldapUrl, '-D', ADMIN_DN, '-w', ADMIN_PASSWORD, '-f', join(HERE, 'seed.ldif')], { stdio: 'pipe' });
  } catch (error) {
    await kill();
    throw new Error(`seeding the test directory failed: ${String((error as { stderr?: Buffer }).stderr ?? error)}`);
  }

  return {
    dir,
    host,
    port,
    tlsPort,
    ldapUrl,
    ldapsUrl,
    caFile: join(dir, 'ca.pem'),
    wrongCaFile: join(dir, 'wrong-ca.pem'),
    kill,
    start,
    signal: (name) => void child?.kill(name),
    close: async () => {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
