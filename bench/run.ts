// `npm run bench`: Roleport's request paths measured against a baseline taken in the same run.
// The broker runs the demo in its own process; this process drives it over loopback with a bounded
// number of requests. Figures are ratios to the baseline (GET /healthz), so machines compare.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const SCALE = Number(process.env.BENCH_SCALE ?? 1);

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
// Run from an empty folder with no ROLEPORT_CONFIG: the broker starts the demo.
const { ROLEPORT_CONFIG: _ignored, ...env } = process.env;
const broker = spawn(process.execPath, [fileURLToPath(new URL('../src/main.ts', import.meta.url))], {
  cwd: tmpdir(),
  env: { ...env, PORT: String(port), ROLEPORT_PUBLIC_URL: base },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const agent = new Agent({ connections: CONCURRENCY, keepAliveTimeout: 10_000 });

async function waitUntilUp() {
  for (let i = 0; i < 100; i++) {
    try {
      const res = await request(`${base}/healthz`, { dispatcher: agent });
      await res.body.text();
      if (res.statusCode === 200) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the broker did not start');
}

type Session = { cookie: string; csrf: string };

async function signIn(username: string): Promise<Session> {
  const page = await request(`${base}/login`, { dispatcher: agent });
  const cookie = String(page.headers['set-cookie']).split(';')[0];
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.body.text())![1];
  const res = await request(`${base}/login`, {
    method: 'POST',
    dispatcher: agent,
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, username, password: 'roleport-demo' }).toString(),
  });
  await res.body.text();
  const signedIn = String(res.headers['set-cookie']).split(';')[0];
  const picker = await request(`${base}/`, { dispatcher: agent, headers: { cookie: signedIn } });
  const token = /name="_csrf" value="([^"]+)"/.exec(await picker.body.text())![1];
  return { cookie: signedIn, csrf: token };
}

type Case = { name: string; requests: number; expect: number; send: () => Promise<{ statusCode: number; body: { text(): Promise<string> } }> };

async function measure(c: Case) {
  let next = 0;
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < c.requests) {
        next++;
        const t0 = performance.now();
        const res = await c.send();
        await res.body.text();
        if (res.statusCode !== c.expect) throw new Error(`${c.name}: status ${res.statusCode}, expected ${c.expect}`);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { name: c.name, perSecond: latencies.length / seconds, p50: latencies[Math.floor(latencies.length / 2)], p99: latencies[Math.floor(latencies.length * 0.99)] };
}

try {
  await waitUntilUp();
  const alice = await signIn('alice');
  const form = (session: Session, fields: Record<string, string> = {}) => ({
    method: 'POST' as const,
    dispatcher: agent,
    headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: session.csrf, ...fields }).toString(),
  });
  const cases: Case[] = [
    { name: 'baseline: GET /healthz', requests: 4000 * SCALE, expect: 200, send: () => request(`${base}/healthz`, { dispatcher: agent }) },
    { name: 'role picker: GET /', requests: 2000 * SCALE, expect: 200, send: () => request(`${base}/`, { dispatcher: agent, headers: { cookie: alice.cookie } }) },
    { name: 'role page: GET /roles/sandbox-prod/Admin', requests: 2000 * SCALE, expect: 200, send: () => request(`${base}/roles/sandbox-prod/Admin`, { dispatcher: agent, headers: { cookie: alice.cookie } }) },
    { name: 'console link: GET /console/sandbox-prod/Admin (AssumeRole + getSigninToken)', requests: 300 * SCALE, expect: 302, send: () => request(`${base}/console/sandbox-prod/Admin`, { dispatcher: agent, headers: { cookie: alice.cookie } }) },
    { name: 'keys: POST /keys/sandbox-dev/Developer (AssumeRole, all formats)', requests: 300 * SCALE, expect: 200, send: () => request(`${base}/keys/sandbox-dev/Developer`, form(alice)) },
    { name: 'sign-in: GET /login + POST /login (scrypt ln=14)', requests: 40 * SCALE, expect: 303, send: async () => {
      const page = await request(`${base}/login`, { dispatcher: agent });
      const cookie = String(page.headers['set-cookie']).split(';')[0];
      const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.body.text())![1];
      return request(`${base}/login`, form({ cookie, csrf }, { username: 'bob', password: 'roleport-demo' }));
    } },
  ];
  const results = [];
  for (const c of cases) {
    await measure({ ...c, requests: Math.max(5, Math.floor(c.requests / 10)) }); // warm-up, not counted
    results.push(await measure(c));
  }
  const baseline = results[0].perSecond;
  process.stdout.write(`Roleport benchmark: demo broker in its own process, ${CONCURRENCY} concurrent clients over loopback, Node ${process.versions.node}\n\n`);
  process.stdout.write(`${'case'.padEnd(80)} ${'× baseline'.padStart(10)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)}\n`);
  for (const r of results) {
    process.stdout.write(`${r.name.padEnd(80)} ${(r.perSecond / baseline).toFixed(3).padStart(10)} ${r.perSecond.toFixed(0).padStart(8)} ${r.p50.toFixed(1).padStart(8)} ${r.p99.toFixed(1).padStart(8)}\n`);
  }
  process.stdout.write('\nRatios compare each path with the baseline measured in this same run; absolute req/s depend on the machine.\n');
} finally {
  await agent.close();
  broker.kill('SIGTERM');
}
