// The shipped example configuration started while its PostgreSQL is not there: a plain paragraph
// and exit code 2, no stack trace (the shared PostgreSQL is never stopped: a closed port stands in).
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { hashPassword } from '../src/identity/index.ts';
import { makeCertificate } from './peers/simplesamlphp.ts';
import { freePort } from './support/free-port.ts';
import { startRoleportProcess } from './support/roleport-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'roleport-startup-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('deploy/roleport.example.yaml with DATABASE_URL at a closed port exits 2 with a plain message', async () => {
  copyFileSync('deploy/roleport.example.yaml', join(dir, 'roleport.yaml'));
  writeFileSync(join(dir, 'corp-ca.pem'), makeCertificate(dir, 'corp-ca').cert);
  writeFileSync(join(dir, 'break-glass-users.yaml'), `users:\n  - { name: breakglass, password: "${await hashPassword('x', { ln: 4, r: 8, p: 1 })}", groups: [aws-admins] }\n`);
  const closed = await freePort();
  const roleport = await startRoleportProcess(join(dir, 'roleport.yaml'), {
    ROLEPORT_SESSION_SECRET: 's'.repeat(48), REDIS_URL: 'redis://127.0.0.1:6379', DATABASE_URL: `postgres://roleport@127.0.0.1:${closed}/roleport`,
    LDAP_BIND_PASSWORD: 'x', AWS_BROKER_ACCESS_KEY_ID: 'AKIAEXAMPLEEXAMPLE01', AWS_BROKER_SECRET_ACCESS_KEY: 'y', PROD_EXTERNAL_ID: 'roleport-prod-7f3a', ROLEPORT_MFA_KEY: 'k'.repeat(44),
  }, { waitForListening: false });
  assert.equal(await roleport.exited, 2);
  const stderr = roleport.stderr.join('');
  assert.match(stderr, /^Roleport cannot start: a store it needs is not reachable \(ECONNREFUSED: /);
  assert.match(stderr, /Check that PostgreSQL \(storage, audit\.store\) and Redis \(session\.store\) are running/);
  assert.doesNotMatch(stderr, /^\s+at /m, 'no stack trace');
  assert.equal(stderr.trim().split('\n').length, 1, 'one paragraph');
});
