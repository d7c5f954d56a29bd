// metrics.port serves GET /metrics alone to the internal network: a caller from another address
// gets the metrics there, while the main port refuses it (loopback only without a token).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { TEST_ENV, baseConfig } from '../support/fixtures.ts';
import { freePort } from '../support/free-port.ts';
import { startRoleportProcess, writeConfig } from '../support/roleport-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'roleport-metrics-port-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** This machine's address on its network (not loopback): what another host's scraper would reach. */
function networkAddress(): string {
  const found = Object.values(networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal);
  assert.ok(found, 'the machine has a non-loopback IPv4 address');
  return found.address;
}

test('metrics.port answers a caller from the network with Prometheus text and nothing else; the main port refuses that caller', async () => {
  const address = networkAddress();
  const metricsPort = await freePort();
  const file = writeConfig(dir, baseConfig({ server: { host: '0.0.0.0' }, metrics: { port: metricsPort } }));
  const roleport = await startRoleportProcess(file, TEST_ENV);
  try {
    await roleport.logged(/metrics on http:\/\/0\.0\.0\.0:\d+\/metrics/);
    const mainPort = new URL(roleport.url).port;
    const refused = await fetch(`http://${address}:${mainPort}/metrics`);
    assert.equal(refused.status, 403, 'the main port answers the metrics to this machine only');

    const scraped = await fetch(`http://${address}:${metricsPort}/metrics`);
    assert.equal(scraped.status, 200);
    assert.match(scraped.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    assert.match(await scraped.text(), /^# TYPE roleport_sign_ins_total counter$/m);
    const other = await fetch(`http://${address}:${metricsPort}/login`);
    assert.equal(other.status, 404);
    assert.equal(await other.text(), 'this port serves GET /metrics only\n');

    roleport.child.kill('SIGTERM');
    assert.equal(await roleport.exited, 0);
  } finally {
    roleport.child.kill('SIGKILL');
  }
});
