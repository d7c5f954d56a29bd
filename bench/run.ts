// `npm run bench [-- --quick] [-- --profile]`: Roleport against its upstreams, measured in one run.
// Baselines — the sandbox STS in its own process called directly with @aws-sdk/client-sts, OpenLDAP
// bind + search + group lookup with ldapts, a bare node:http server — are interleaved with Roleport's
// paths over several rounds; figures are medians (min–max) and ratios to the baseline of the same round.
// Loopback only; every loop is bounded in count and time. JSON goes to bench/results/ (gitignored).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import { SERVICE_DN, SERVICE_PASSWORD, BASE_DN, startSlapd } from '../test/peers/slapd.ts';
import { freePort } from '../test/support/free-port.ts';
import { ISSUED_ROLE, BROKER_USER, PASSWORD, benchSecrets, writeBenchConfig } from './bench-config.ts';
import { apiToken, browser, signIn } from './browser-client.ts';
import { type Limits, type Sample, drive } from './load.ts';
import { type Child, firstResponse, startBareHttp, startBroker, startSandbox, startWorker } from './processes.ts';
import { loadAverage, rssMb } from './proc.ts';
import { type Spread, ratios, show, spread } from './stats.ts';
import { type Target, checkTargets } from './targets.ts';

const quick = process.argv.includes('--quick');
const profile = process.argv.includes('--profile');
const ROUNDS = 3;
const LOADED = 8;
/** Per measurement: at most this long, at most this many requests. */
const BUDGET = quick ? { ms: 600, requests: 3000 } : { ms: 3000, requests: 20000 };
const SESSION_COUNTS = [1000, 10000];
const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));

const limits = (concurrency: number, scale = 1): Limits => ({ concurrency, ms: BUDGET.ms * scale, requests: Math.ceil(BUDGET.requests * scale) });

const dir = mkdtempSync(join(tmpdir(), 'roleport-bench-'));
const children: Child[] = [];
const slapd = await startSlapd();
const ldap = { ldapUrl: slapd.ldapUrl, serviceDn: SERVICE_DN, servicePassword: SERVICE_PASSWORD, baseDn: BASE_DN };
const ports = { broker: await freePort(), sandbox: await freePort(), bare: await freePort() };
const configFile = await writeBenchConfig(dir, ports, ldap);
const secrets = benchSecrets(ldap);
const { ROLEPORT_CONFIG: _unused, ...parentEnv } = process.env;
const env = { ...parentEnv, ...secrets };
const base = `http://127.0.0.1:${ports.broker}`;
const bareUrl = `http://127.0.0.1:${ports.bare}/`;
const dispatcher = new Agent({ connections: LOADED * 2, keepAliveTimeout: 1_000, keepAliveTimeoutThreshold: 500, pipelining: 1 });
const profileDir = join(RESULTS, 'profiles');

try {
  const sandbox = startSandbox(ports.sandbox, configFile, env);
  children.push(sandbox);
  const broker = startBroker(configFile, env, profile ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [], process.env.BENCH_BROKER_LOG);
  children.push(broker);
  const bare = startBareHttp(ports.bare);
  children.push(bare);
  const worker = startWorker();
  children.push(worker);
  const started = performance.now();
  await Promise.all([firstResponse(`${base}/healthz`, started, broker.process), firstResponse(`http://127.0.0.1:${ports.sandbox}/sts`, started, sandbox.process).catch(() => undefined), firstResponse(bareUrl, started, bare.process)]);

  // Who the bench is to Roleport: a browser signed in locally (picker, keys, console), an API token.
  const people = Object.fromEntries(await Promise.all(['p10', 'p100', 'p1000'].map(async (name) => {
    const b = browser(base, dispatcher);
    await signIn(b, 'local', name, PASSWORD);
    return [name, b] as const;
  })));
  const keysCsrf = await people.p10.csrf('/');
  const token = await apiToken(base, people.p10, dispatcher);
  const sandboxUrl = `http://127.0.0.1:${ports.sandbox}`;
  const sts = { endpoint: `${sandboxUrl}/sts`, region: 'us-east-1', accessKeyId: 'AKIABENCHBROKER00001', secretAccessKey: secrets.BENCH_BROKER_SECRET, roleArn: ISSUED_ROLE.arn, signinEndpoint: `${sandboxUrl}/federation` };
  const ldapTarget = { url: slapd.ldapUrl, userDn: `uid=bob,ou=people,${BASE_DN}`, password: 'bob-password', usersBase: `ou=people,${BASE_DN}`, username: 'bob', groupsBase: `ou=groups,${BASE_DN}` };
  const role = `${ISSUED_ROLE.account}/${ISSUED_ROLE.name}`;
  void BROKER_USER;

  const expect = async (res: Awaited<ReturnType<typeof request>>, status: number, what: string) => {
    await res.body.dump();
    if (res.statusCode !== status) throw new Error(`${what}: HTTP ${res.statusCode}, expected ${status}`);
  };
  const cookie = (name: string) => [...people[name].jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const http = (pid: number, once: () => Promise<void>) => (l: Limits) => drive(once, l, pid);

  type Measurement = { id: string; run: (l: Limits) => Promise<Sample>; limits: Limits };
  const measurements: Measurement[] = [
    { id: 'direct STS', limits: limits(LOADED), run: (l) => worker.run({ kind: 'sts', target: sts, limits: l }) },
    { id: 'API issuance', limits: limits(LOADED), run: http(broker.pid, async () => expect(await request(`${base}/api/v1/roles/${role}/credentials`, { method: 'POST', dispatcher, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' }), 200, 'API issuance')) },
    { id: 'keys page issuance', limits: limits(LOADED), run: http(broker.pid, async () => expect(await request(`${base}/keys/${role}`, { method: 'POST', dispatcher, headers: { cookie: cookie('p10'), 'content-type': 'application/x-www-form-urlencoded' }, body: `_csrf=${encodeURIComponent(keysCsrf)}` }), 200, 'keys page')) },
    { id: 'direct STS, 1 client', limits: limits(1, 0.5), run: (l) => worker.run({ kind: 'sts', target: sts, limits: l }) },
    { id: 'API issuance, 1 client', limits: limits(1, 0.5), run: http(broker.pid, async () => expect(await request(`${base}/api/v1/roles/${role}/credentials`, { method: 'POST', dispatcher, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' }), 200, 'API issuance')) },
    { id: 'direct STS + getSigninToken', limits: limits(LOADED), run: (l) => worker.run({ kind: 'console', target: sts, limits: l }) },
    { id: 'console link', limits: limits(LOADED), run: http(broker.pid, async () => expect(await request(`${base}/console/${role}`, { dispatcher, headers: { cookie: cookie('p10') } }), 302, 'console link')) },
    { id: 'direct ldapts sign-in', limits: limits(LOADED), run: (l) => worker.run({ kind: 'ldap', target: ldapTarget, limits: l }) },
    { id: 'LDAP sign-in', limits: limits(LOADED), run: (l) => drive(async () => signIn(browser(base, dispatcher), 'corp', 'bob', 'bob-password'), l, broker.pid) },
    { id: 'bare node:http, 1 client', limits: limits(1, 0.5), run: http(bare.pid, async () => expect(await request(bareUrl, { dispatcher }), 200, 'bare')) },
    ...[10, 100, 1000].map((n) => ({ id: `picker, ${n} roles`, limits: limits(1, 0.5), run: http(broker.pid, async () => expect(await request(`${base}/`, { dispatcher, headers: { cookie: cookie(`p${n}`) } }), 200, 'picker')) })),
    { id: 'bare node:http', limits: limits(LOADED), run: http(bare.pid, async () => expect(await request(bareUrl, { dispatcher }), 200, 'bare')) },
    { id: 'GET /healthz', limits: limits(LOADED), run: http(broker.pid, async () => expect(await request(`${base}/healthz`, { dispatcher }), 200, 'healthz')) },
  ];

  process.stderr.write(`bench: ${quick ? 'quick' : 'full'} run, load average ${loadAverage()}; warming up\n`);
  for (const m of measurements) await m.run({ ...m.limits, ms: Math.min(300, m.limits.ms), requests: 200 });
  const rounds: Record<string, Sample[]> = Object.fromEntries(measurements.map((m) => [m.id, []]));
  const loads: string[] = [loadAverage()];
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate the order so drift over time falls on baselines and cases alike.
    const order = round % 2 === 0 ? measurements : [...measurements].reverse();
    for (const m of order) rounds[m.id].push(await m.run(m.limits));
    loads.push(loadAverage());
    process.stderr.write(`bench: round ${round + 1}/${ROUNDS} done, load average ${loadAverage()}\n`);
  }

  // Picker page sizes, once (they do not vary).
  const pickerBytes: Record<string, number> = {};
  for (const n of [10, 100, 1000]) {
    const res = await request(`${base}/`, { dispatcher, headers: { cookie: cookie(`p${n}`) } });
    pickerBytes[`picker, ${n} roles`] = (await res.body.arrayBuffer()).byteLength;
  }

  process.stderr.write('bench: rule evaluation\n');
  const rules = await worker.rules({ kind: 'rules', rounds: ROUNDS, maxEvaluations: quick ? 300 : 2000 });

  process.stderr.write('bench: filling the session store\n');
  // Session store: RSS of the broker idle, then after 1k and 10k sign-ins (each its own session).
  const rss: { sessions: number; mb: number }[] = [{ sessions: 0, mb: rssMb(broker.pid) }];
  let signedIn = 0;
  for (const target of SESSION_COUNTS) {
    let next = signedIn;
    await Promise.all(Array.from({ length: LOADED }, async () => {
      while (next < target) {
        next++;
        await signIn(browser(base, dispatcher), 'local', 'p10', PASSWORD);
      }
    }));
    signedIn = target;
    await new Promise((resolve) => setTimeout(resolve, 500));
    rss.push({ sessions: target, mb: rssMb(broker.pid) });
  }

  process.stderr.write('bench: cold starts\n');
  // Cold start: a fresh broker and a fresh bare server, to their first answer, interleaved.
  const cold: { roleport: number[]; bare: number[] } = { roleport: [], bare: [] };
  for (let round = 0; round < ROUNDS; round++) {
    const port = await freePort();
    const coldConfig = await writeBenchConfig(mkdtempSync(join(dir, 'cold-')), { broker: port, sandbox: ports.sandbox }, ldap);
    let t0 = performance.now();
    const fresh = startBroker(coldConfig, env);
    cold.roleport.push(await firstResponse(`http://127.0.0.1:${port}/healthz`, t0, fresh.process));
    await fresh.stop();
    const barePort = await freePort();
    t0 = performance.now();
    const freshBare = startBareHttp(barePort);
    cold.bare.push(await firstResponse(`http://127.0.0.1:${barePort}/`, t0, freshBare.process));
    await freshBare.stop();
  }

  // The table.
  const pairs: [string, string][] = [
    ['API issuance', 'direct STS'],
    ['keys page issuance', 'direct STS'],
    ['API issuance, 1 client', 'direct STS, 1 client'],
    ['console link', 'direct STS + getSigninToken'],
    ['LDAP sign-in', 'direct ldapts sign-in'],
    ['picker, 10 roles', 'bare node:http, 1 client'],
    ['picker, 100 roles', 'bare node:http, 1 client'],
    ['picker, 1000 roles', 'bare node:http, 1 client'],
    ['GET /healthz', 'bare node:http'],
  ];
  const of = (id: string, field: keyof Sample) => rounds[id].map((s) => s[field]);
  const rows = pairs.map(([id, baseline]) => ({
    case: id,
    baseline,
    concurrency: measurements.find((m) => m.id === id)!.limits.concurrency,
    roleport: { perSecond: spread(of(id, 'perSecond')), p50: spread(of(id, 'p50')), p99: spread(of(id, 'p99')), cpuPerRequest: spread(of(id, 'cpuPerRequest')), requests: spread(of(id, 'requests')) },
    base: { perSecond: spread(of(baseline, 'perSecond')), p50: spread(of(baseline, 'p50')), p99: spread(of(baseline, 'p99')), cpuPerRequest: spread(of(baseline, 'cpuPerRequest')) },
    ratio: { perSecond: ratios(of(id, 'perSecond'), of(baseline, 'perSecond')), p50: ratios(of(id, 'p50'), of(baseline, 'p50')), p99: ratios(of(id, 'p99'), of(baseline, 'p99')), cpuPerRequest: ratios(of(id, 'cpuPerRequest'), of(baseline, 'cpuPerRequest')) },
    bytes: pickerBytes[id],
  }));
  const overhead = spread(of('API issuance, 1 client', 'p50').map((v, i) => v - of('direct STS, 1 client', 'p50')[i]));
  const coldSpread = { roleport: spread(cold.roleport), bare: spread(cold.bare), ratio: ratios(cold.roleport, cold.bare) };

  const out: string[] = [];
  const line = (...cells: [string, number][]) => out.push(cells.map(([text, width]) => (width < 0 ? text.padEnd(-width) : text.padStart(width))).join(' '));
  out.push(`Roleport benchmark (${quick ? 'quick' : 'full'}): ${ROUNDS} interleaved rounds, medians (min–max); Node ${process.versions.node}; load average ${loads.join(' → ')}`);
  out.push(`Broker, sandbox STS, slapd, bare server and baseline client each in their own process on loopback; CPU is the measured process's, from /proc.`);
  out.push('');
  line(['case (concurrency)', -42], ['req/s', 22], ['p50 ms', 22], ['p99 ms', 22], ['CPU ms/req', 22]);
  for (const row of rows) {
    line([`${row.case} (${row.concurrency})`, -42], [show(row.roleport.perSecond), 22], [show(row.roleport.p50), 22], [show(row.roleport.p99), 22], [show(row.roleport.cpuPerRequest), 22]);
    line([`  baseline: ${row.baseline}`, -42], [show(row.base.perSecond), 22], [show(row.base.p50), 22], [show(row.base.p99), 22], [show(row.base.cpuPerRequest), 22]);
    line(['  × baseline', -42], [show(row.ratio.perSecond), 22], [show(row.ratio.p50), 22], [show(row.ratio.p99), 22], [show(row.ratio.cpuPerRequest), 22]);
    if (row.bytes !== undefined) out.push(`  page size ${(row.bytes / 1024).toFixed(1)} KB`);
  }
  out.push('');
  out.push(`Unloaded overhead of an API issuance over a direct call (p50, 1 client): ${show(overhead)} ms`);
  out.push(`Rule evaluation, 10,000 rules, a person in 200 groups: ${show(rules.msPerEvaluation)} ms CPU per evaluation (wall ${show(rules.wallMsPerEvaluation)} ms; ${rules.matchedRules} rules grant, ${rules.entitlements} entitlements)`);
  out.push(`Broker RSS: ${rss.map((r) => `${r.mb.toFixed(0)} MB with ${r.sessions} sessions`).join(', ')}`);
  out.push(`Cold start to first response: Roleport ${show(coldSpread.roleport)} ms, bare node:http ${show(coldSpread.bare)} ms (× ${show(coldSpread.ratio)})`);
  const byId = (id: string) => rows.find((r) => r.case === id)!;
  const targets: Target[] = checkTargets({
    issuanceThroughput: byId('API issuance').ratio.perSecond,
    issuanceCpu: byId('API issuance').roleport.cpuPerRequest,
    overheadMs: overhead,
    ldapThroughput: byId('LDAP sign-in').ratio.perSecond,
    rulesMs: rules.msPerEvaluation,
    picker1000Ms: byId('picker, 1000 roles').roleport.p50,
    picker1000Bytes: pickerBytes['picker, 1000 roles'],
    rss10kMb: rss[rss.length - 1].mb,
    coldStartMs: coldSpread.roleport,
  });
  out.push('');
  out.push('Targets:');
  for (const t of targets) out.push(`  ${t.met ? 'met    ' : 'NOT met'}  ${t.name}: ${t.measured}`);
  process.stdout.write(`${out.join('\n')}\n`);

  mkdirSync(RESULTS, { recursive: true });
  const json = { at: new Date().toISOString(), quick, node: process.versions.node, loadAverage: loads, rounds: ROUNDS, rows, raw: rounds, overheadMs: overhead, rules, rss, coldStart: coldSpread, targets };
  writeFileSync(join(RESULTS, 'latest.json'), `${JSON.stringify(json, null, 2)}\n`);
  process.stderr.write(`bench: results in ${join(RESULTS, 'latest.json')}${profile ? `, broker CPU profile in ${profileDir}` : ''}\n`);
} finally {
  await dispatcher.close();
  for (const c of children.reverse()) await c.stop().catch(() => undefined);
  await slapd.close();
  rmSync(dir, { recursive: true, force: true });
}

export type { Spread };
