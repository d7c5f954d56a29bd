// `node bench/profile-issuance.ts [requests]`: a CPU profile (node --cpu-prof) of the broker while it
// issues keys through the API, against the sandbox STS in its own process; prints the top frames.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { freePort } from '../test/support/free-port.ts';
import { ISSUED_ROLE, PASSWORD, benchSecrets, writeBenchConfig } from './bench-config.ts';
import { apiToken, browser, signIn } from './browser-client.ts';
import { drive } from './load.ts';
import { firstResponse, startBroker, startSandbox } from './processes.ts';
import { summariseProfile } from './profile-summary.ts';

const requests = Number(process.argv[2] ?? 3000);
const dir = mkdtempSync(join(tmpdir(), 'roleport-profile-'));
const profiles = join(dir, 'profiles');
mkdirSync(profiles);
// No directory is contacted on this path; the LDAP source only needs to be well formed.
const ldap = { ldapUrl: 'ldap://127.0.0.1:9', serviceDn: 'cn=roleport,dc=corp,dc=example', servicePassword: 'unused', baseDn: 'dc=corp,dc=example' };
const ports = { broker: await freePort(), sandbox: await freePort() };
const configFile = await writeBenchConfig(dir, ports, ldap);
const env = { ...process.env, ...benchSecrets(ldap) };
const sandbox = startSandbox(ports.sandbox, configFile, env);
const broker = startBroker(configFile, env, ['--cpu-prof', '--cpu-prof-dir', profiles]);
const base = `http://127.0.0.1:${ports.broker}`;
const dispatcher = new Agent({ connections: 16, keepAliveTimeout: 1_000 });
try {
  await firstResponse(`${base}/healthz`, performance.now(), broker.process);
  const b = browser(base, dispatcher);
  await signIn(b, 'local', 'p10', PASSWORD);
  const token = await apiToken(base, b, dispatcher);
  const url = `${base}/api/v1/roles/${ISSUED_ROLE.account}/${ISSUED_ROLE.name}/credentials`;
  const sample = await drive(async () => {
    const res = await request(url, { method: 'POST', dispatcher, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
    await res.body.dump();
    if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}`);
  }, { concurrency: 8, requests, ms: 120_000 }, broker.pid);
  process.stdout.write(`${sample.requests} issuances, ${sample.perSecond.toFixed(0)}/s, broker CPU ${sample.cpuPerRequest.toFixed(2)} ms per issuance (start-up and sign-in included in the profile)\n`);
} finally {
  await dispatcher.close();
  await broker.stop();
  await sandbox.stop();
}
const file = readdirSync(profiles).find((name) => name.endsWith('.cpuprofile'));
if (file) process.stdout.write(`${summariseProfile(JSON.parse(readFileSync(join(profiles, file), 'utf8')), 20)}\n`);
rmSync(dir, { recursive: true, force: true });
