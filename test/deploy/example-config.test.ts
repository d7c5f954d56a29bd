// The shipped example configuration and the systemd unit stay valid as the schema changes.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { issuerConfigProblems } from '../../src/aws/index.ts';
import { loadConfig } from '../../src/config/index.ts';
import { hashPassword } from '../../src/identity/index.ts';
import { makeCertificate } from '../peers/simplesamlphp.ts';

const dir = mkdtempSync(join(tmpdir(), 'roleport-example-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const ENV = {
  ROLEPORT_SESSION_SECRET: 's'.repeat(48), REDIS_URL: 'redis://127.0.0.1:6379', DATABASE_URL: 'postgres://roleport@127.0.0.1/roleport',
  LDAP_BIND_PASSWORD: 'x', AWS_BROKER_ACCESS_KEY_ID: 'AKIAEXAMPLEEXAMPLE01', AWS_BROKER_SECRET_ACCESS_KEY: 'y', PROD_EXTERNAL_ID: 'roleport-prod-7f3a',
  ROLEPORT_MFA_KEY: 'k'.repeat(44),
};

test('deploy/roleport.example.yaml loads without a problem or a warning', async () => {
  copyFileSync('deploy/roleport.example.yaml', join(dir, 'roleport.yaml'));
  writeFileSync(join(dir, 'corp-ca.pem'), makeCertificate(dir, 'corp-ca').cert);
  writeFileSync(join(dir, 'break-glass-users.yaml'), `users:\n  - { name: breakglass, password: "${await hashPassword('x', { ln: 4, r: 8, p: 1 })}", groups: [aws-admins] }\n`);
  const { config, warnings } = loadConfig({ path: join(dir, 'roleport.yaml'), env: ENV });
  assert.deepEqual(warnings, []);
  assert.deepEqual(issuerConfigProblems(config), []);
  assert.deepEqual(config.identity.map((source) => source.type), ['ldap', 'local']);
});

test("the README's complete example loads as well", async () => {
  const readme = readFileSync('README.md', 'utf8');
  const example = /A complete example:\n\n```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(example, "the README's example is where this test looks for it");
  writeFileSync(join(dir, 'readme.yaml'), example);
  writeFileSync(join(dir, 'corp-ca.pem'), makeCertificate(dir, 'corp-ca').cert);
  writeFileSync(join(dir, 'break-glass-users.yaml'), `users:\n  - { name: breakglass, password: "${await hashPassword('x', { ln: 4, r: 8, p: 1 })}", groups: [aws-admins] }\n`);
  const { config, warnings } = loadConfig({ path: join(dir, 'readme.yaml'), env: ENV });
  assert.deepEqual(warnings, []);
  assert.deepEqual(issuerConfigProblems(config), []);
});

test('the systemd unit runs main.ts with the pinned Node, reloads with SIGHUP and does not restart on a configuration error', () => {
  const unit = readFileSync('deploy/roleport.service', 'utf8');
  const sections = [...unit.matchAll(/^\[(\w+)\]$/gm)].map((m) => m[1]);
  assert.deepEqual(sections, ['Unit', 'Service', 'Install']);
  assert.match(unit, /^ExecStart=\/opt\/roleport\/node_modules\/\.bin\/node src\/main\.ts$/m);
  assert.match(unit, /^RestartPreventExitStatus=2$/m);
  assert.match(unit, /^ExecReload=\/bin\/kill -HUP \$MAINPID$/m, 'systemctl reload sends the SIGHUP that reloads the configuration');
  assert.match(unit, /^Environment=ROLEPORT_CONFIG=\/etc\/roleport\/roleport\.yaml$/m);
});
