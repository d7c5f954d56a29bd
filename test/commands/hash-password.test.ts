import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { verifyPassword } from '../../src/identity/index.ts';

const node = join(process.cwd(), 'node_modules/.bin/node');
const roleport = (args: string[], input: string) => spawnSync(node, ['src/commands/main.ts', ...args], { input, encoding: 'utf8', timeout: 20_000 });

test('hash-password prints a hash that verifies the password read from stdin', async () => {
  const result = roleport(['hash-password', '--ln', '4'], 'a long passphrase\n');
  assert.equal(result.status, 0);
  const hash = result.stdout.trim();
  assert.match(hash, /^\$scrypt\$ln=4,r=8,p=1\$/);
  assert.equal(await verifyPassword('a long passphrase', hash), true);
});

test('hash-password refuses an empty password and a bad cost', () => {
  const empty = roleport(['hash-password', '--ln', '4'], '\n');
  assert.equal(empty.status, 2);
  assert.match(empty.stderr, /the password is empty; nothing to hash/);
  const cost = roleport(['hash-password', '--ln', 'lots'], 'x');
  assert.equal(cost.status, 2);
  assert.match(cost.stderr, /--ln must be a whole number from 1 to 20 \(found 'lots'\)/);
});

test('an unknown command lists the commands', () => {
  const result = roleport(['frobnicate'], '');
  assert.equal(result.status, 2);
  assert.match(result.stderr, /unknown command 'frobnicate'/);
  assert.match(result.stderr, /hash-password/);
});
