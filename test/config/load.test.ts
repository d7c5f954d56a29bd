import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'roleport-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const GOOD = `
session:
  secret: env:SESSION_SECRET
identity:
  - id: corp
    type: local
    users: ./users.yaml
accounts:
  - { id: "111122223333", name: prod }
roles:
  - { account: prod, name: Admin, maxDuration: 2h }
rules:
  - { groups: [aws-admins], grant: [prod/Admin] }
`;
const USERS = `users:
  - name: alice
    password: $scrypt$ln=4,r=8,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g
    groups: [aws-admins]
`;
writeFileSync(join(dir, 'users.yaml'), USERS);
const ENV = { SESSION_SECRET: 'from-the-environment' };

let count = 0;
function write(text: string): string {
  const path = join(dir, `roleport-${++count}.yaml`);
  writeFileSync(path, text);
  return path;
}

function problemsOf(text: string, env: Record<string, string> = ENV): string[] {
  try {
    loadConfig({ path: write(text), env });
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${error}`);
    return error.problems;
  }
  assert.fail('the configuration was accepted');
}

describe('configuration file', () => {
  test('a good file loads, with durations in seconds, secrets from the environment and paths from the file folder', () => {
    const { config, warnings, demo } = loadConfig({ path: write(GOOD), env: ENV });
    assert.equal(demo, false);
    assert.deepEqual(warnings, []);
    assert.equal(config.session.secret.value, 'from-the-environment');
    assert.equal(config.session.idleTimeout, 1800);
    assert.equal(config.roles[0].maxDuration, 7200);
    const source = config.identity[0];
    assert.equal(source.type, 'local');
    assert.equal(source.type === 'local' && source.users[0].name, 'alice');
  });

  test('PORT overrides server.port', () => {
    const { config } = loadConfig({ path: write(GOOD), env: { ...ENV, PORT: '4123' } });
    assert.equal(config.server.port, 4123);
  });

  test('an unknown key is refused with its path', () => {
    assert.deepEqual(problemsOf(`${GOOD}\nsesion: {}\n`), ["sesion: unknown key 'sesion'; check the spelling against the README's configuration reference"]);
    const nested = problemsOf(GOOD.replace('  - { account: prod, name: Admin, maxDuration: 2h }', '  - { account: prod, name: Admin, maxDurration: 2h }'));
    assert.deepEqual(nested, ["roles[0].maxDurration: unknown key 'maxDurration'; check the spelling against the README's configuration reference"]);
  });

  test('a wrong type names the value found and what is expected', () => {
    assert.deepEqual(problemsOf(`${GOOD}\nserver: { port: eighty }\n`), ["server.port: found 'eighty', expected number"]);
  });

  test('a bad choice lists what is allowed', () => {
    assert.deepEqual(problemsOf(`${GOOD}\naws: { partition: aws-moon }\n`), ["aws.partition: found 'aws-moon', allowed: 'aws' | 'aws-cn' | 'aws-us-gov'"]);
    assert.deepEqual(problemsOf(GOOD.replace('type: local', 'type: kerberos')), ["identity[0].type: 'type' must be one of local | ldap | saml | oidc"]);
  });

  test('a missing required key is named', () => {
    assert.deepEqual(problemsOf(GOOD.replace('session:\n  secret: env:SESSION_SECRET\n', '')), ['session: is required (expected object)']);
  });

  test('a secret whose environment variable is unset is refused by name', () => {
    assert.deepEqual(problemsOf(GOOD, {}), ["session.secret: environment variable SESSION_SECRET is not set (the key refers to it as 'env:SESSION_SECRET') (found 'env:SESSION_SECRET')"]);
  });

  test('a secret file that cannot be read is refused with its path', () => {
    const problems = problemsOf(GOOD.replace('env:SESSION_SECRET', 'file:./no-such-secret'));
    assert.deepEqual(problems, [`session.secret: cannot read secret file ${join(dir, 'no-such-secret')}: ENOENT (found 'file:./no-such-secret')`]);
  });

  test('a secret read from a file relative to the config file works', () => {
    writeFileSync(join(dir, 'session-secret.txt'), 'from-a-file\n');
    const { config } = loadConfig({ path: write(GOOD.replace('env:SESSION_SECRET', 'file:./session-secret.txt')), env: {} });
    assert.equal(config.session.secret.value, 'from-a-file');
  });

  test('a literal secret is accepted with a warning that names the key', () => {
    const { config, warnings } = loadConfig({ path: write(GOOD.replace('env:SESSION_SECRET', 'literally-in-the-file')), env: {} });
    assert.equal(config.session.secret.value, 'literally-in-the-file');
    assert.deepEqual(warnings, ['session.secret holds a secret written in the file; use env:NAME or file:PATH instead']);
  });

  test('every problem is reported at once', () => {
    const problems = problemsOf(`${GOOD}\nserver: { port: 70000, trustProxy: maybe, colour: blue }\naudit: { store: { type: mongodb } }\n`);
    assert.equal(problems.length, 3);
    assert.ok(problems.includes("server.colour: unknown key 'colour'; check the spelling against the README's configuration reference"));
    assert.ok(problems.some((p) => p.startsWith('server.port: ')));
    assert.ok(problems.includes("audit.store.type: 'type' must be one of log | sqlite | postgres"));
  });

  test('audit.retention needs a store that keeps rows and a checkpoint key to sign its cuts', () => {
    assert.deepEqual(problemsOf(`${GOOD}\naudit: { retention: 400d }\n`), [
      'audit.retention: needs a store that keeps rows (sqlite or postgres); the log store has nothing to prune',
      'audit.checkpointKey: is required with audit.retention: it signs the checkpoint each cut leaves (env:NAME or file:PATH, 32 or more characters)',
    ]);
    const { config } = loadConfig({ path: write(`${GOOD}\naudit: { store: { type: sqlite, path: ./audit.db }, retention: 400d, checkpointKey: env:KEY }\n`), env: { ...ENV, KEY: 'k'.repeat(32) } });
    assert.equal(config.audit.retention, 400 * 86400);
  });

  test('a role in an account that does not exist is refused', () => {
    assert.deepEqual(problemsOf(GOOD.replace('{ account: prod, name: Admin', '{ account: staging, name: Admin')), ["roles[0].account: no account is named 'staging'; accounts: prod (found 'staging')"]);
  });

  test('two roles of one account whose names differ only in case are refused, as IAM would', () => {
    const twice = GOOD.replace('  - { account: prod, name: Admin, maxDuration: 2h }\n', '  - { account: prod, name: Admin, maxDuration: 2h }\n  - { account: prod, name: ADMIN }\n');
    assert.deepEqual(problemsOf(twice), ["roles[1]: role 'prod/ADMIN' differs only in case from 'prod/Admin' (roles[0]); names are compared ignoring case, as IAM does (found 'prod/ADMIN')"]);
  });

  test('duplicate identity source ids are refused', () => {
    const twice = GOOD.replace('identity:\n', 'identity:\n  - { id: corp, type: local, users: ./users.yaml }\n');
    assert.deepEqual(problemsOf(twice), ["identity[1]: id 'corp' is already used by identity[0]"]);
  });

  test('a bad users file is reported with the file and the entry', () => {
    writeFileSync(join(dir, 'bad-users.yaml'), 'users:\n  - name: mallory\n    password: hunter2\n');
    const [problem] = problemsOf(GOOD.replace('./users.yaml', './bad-users.yaml'));
    assert.match(problem, /^identity\[0\]\.users: in users file .*bad-users\.yaml at users\[0\]\.password: expected a scrypt hash in PHC form/);
  });

  test('YAML syntax errors are reported as such', () => {
    const [problem] = problemsOf('session: [unclosed\n');
    assert.match(problem, /^YAML syntax: /);
  });

  test('durations are checked against their limits', () => {
    assert.deepEqual(problemsOf(GOOD.replace('maxDuration: 2h', 'maxDuration: 5m')), ["roles[0].maxDuration: must be at least 15m (found '5m')"]);
    assert.deepEqual(problemsOf(GOOD.replace('maxDuration: 2h', 'maxDuration: soon')), ["roles[0].maxDuration: expected a duration such as 900, '15m', '1h' or '12h' (found 'soon')"]);
  });

  test("a role's region is an AWS region, and none is needed", () => {
    assert.deepEqual(problemsOf(GOOD.replace('maxDuration: 2h', 'maxDuration: 2h, region: Ireland')), ["roles[0].region: expected an AWS region such as 'us-east-1' (found 'Ireland')"]);
    assert.equal(loadConfig({ path: write(GOOD.replace('maxDuration: 2h', 'maxDuration: 2h, region: eu-west-1')), env: ENV }).config.roles[0].region, 'eu-west-1');
    assert.equal(loadConfig({ path: write(GOOD), env: ENV }).config.roles[0].region, undefined);
  });

  test('a config file named by ROLEPORT_CONFIG must exist', () => {
    assert.throws(() => loadConfig({ env: { ROLEPORT_CONFIG: join(dir, 'missing.yaml') } }), /the configuration file does not exist/);
  });

  test('without a file the demo loads: two sandbox accounts, four roles, alice and bob', () => {
    const { config, demo, warnings } = loadConfig({ env: {}, cwd: dir });
    assert.equal(demo, true);
    assert.deepEqual(config.accounts.map((a) => `${a.name}=${a.id}`), ['sandbox-prod=111111111111', 'sandbox-dev=222222222222']);
    assert.deepEqual(config.roles.map((r) => `${r.account}/${r.name}`), ['sandbox-prod/Admin', 'sandbox-prod/ReadOnly', 'sandbox-dev/Developer', 'sandbox-dev/ReadOnly']);
    assert.match(warnings[0], /running the DEMO/);
  });

  test('the demo keeps factors and audit in data/demo.db, with a key readable by its owner only that survives a restart', () => {
    const { config } = loadConfig({ env: {}, cwd: dir });
    const key = join(dir, 'data', 'demo.key');
    assert.equal(statSync(key).mode & 0o777, 0o600);
    assert.deepEqual(config.storage, { type: 'sqlite', path: join(dir, 'data', 'demo.db') });
    assert.deepEqual(config.audit.store, { type: 'sqlite', path: join(dir, 'data', 'demo.db') });
    const again = loadConfig({ env: {}, cwd: dir });
    assert.equal(again.config.mfa.encryptionKey?.value, config.mfa.encryptionKey?.value, 'the same key at the next start');
    assert.deepEqual(again.config.admin.groups, ['aws-admins']);
  });
});

describe('starting with a bad configuration', () => {
  test('stops with exit code 2 and lists every problem on stderr, without a stack trace', () => {
    const path = write(`${GOOD}\nserver: { port: -1 }\nbogus: true\n`);
    const node = join(process.cwd(), 'node_modules/.bin/node');
    const result = spawnSync(node, ['src/main.ts'], { env: { PATH: process.env.PATH, ROLEPORT_CONFIG: path, SESSION_SECRET: 'x' }, encoding: 'utf8', timeout: 20_000 });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /Roleport cannot start: the configuration has problems\./);
    assert.match(result.stderr, /server\.port: /);
    assert.match(result.stderr, /bogus: unknown key 'bogus'/);
    assert.doesNotMatch(result.stderr, /\n\s+at /);
    assert.equal(result.stdout, '');
  });
});

describe('starting with role settings STS would refuse', () => {
  test('stops with exit code 2 and names the role and the problem', () => {
    const path = write(GOOD.replace('{ account: prod, name: Admin, maxDuration: 2h }', '{ account: prod, name: Admin, maxDuration: 2h, sessionTags: { team: "{attributes.team}-{shoeSize}" } }'));
    const node = join(process.cwd(), 'node_modules/.bin/node');
    const result = spawnSync(node, ['src/main.ts'], { env: { PATH: process.env.PATH, ROLEPORT_CONFIG: path, SESSION_SECRET: 'x' }, encoding: 'utf8', timeout: 20_000 });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /role prod\/Admin: session tag 'team' names \{shoeSize\}; allowed: \{username\}, \{email\}, \{displayName\}, \{attributes\.<name>\}/);
    assert.doesNotMatch(result.stderr, /\n\s+at /);
  });
});

test('a web-identity role with no OpenID Connect source to use it is warned about', () => {
  const { warnings } = loadConfig({ path: write(GOOD.replace('{ account: prod, name: Admin, maxDuration: 2h }', '{ account: prod, name: Admin, maxDuration: 2h, method: web-identity }')), env: ENV });
  assert.deepEqual(warnings, ["roles with method 'web-identity' need a person signed in through an 'oidc' identity source, and none is configured: nobody can use them"]);
});
