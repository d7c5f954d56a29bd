// The `notifications` section and roles' `notify`: the webhook's URL must be https (plain http only
// to loopback), its secret a long enough reference, its retry settings have documented defaults, and
// a role marked notify: true needs a webhook.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, checkConfig } from '../../src/config/index.ts';
import { TEST_ENV, baseConfig } from '../support/fixtures.ts';

const SECRET = 'a-webhook-secret-of-at-least-32-characters';
const env = { ...TEST_ENV, HOOK_SECRET: SECRET, SHORT_SECRET: 'too-short' };

const check = (overrides: Record<string, unknown>) => checkConfig(baseConfig(overrides), { env, baseDir: process.cwd(), file: 'roleport.yaml' }).config;
const webhook = (fields: Record<string, unknown>) => ({ notifications: { webhook: { url: 'https://hooks.example.com/roleport', secret: 'env:HOOK_SECRET', ...fields } } });

function problems(overrides: Record<string, unknown>): string {
  try {
    check(overrides);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.message;
  }
  assert.fail('the configuration was accepted');
}

test('without a notifications section there is no webhook and no role notifies', () => {
  const config = check({});
  assert.equal(config.notifications.webhook, undefined);
  assert.ok(config.roles.every((role) => role.notify === false));
});

test('a webhook gets the documented defaults: 5s timeout, retries from 30s doubling up to 1h, 12 attempts', () => {
  const { url, secret, ...rest } = check(webhook({})).notifications.webhook!;
  assert.equal(url, 'https://hooks.example.com/roleport');
  assert.equal(secret.value, SECRET);
  assert.deepEqual(rest, { timeout: 5, retryDelay: 30, maxRetryDelay: 3600, maxAttempts: 12 });
  assert.equal(check(webhook({ retryDelay: '2m', timeout: '10s' })).notifications.webhook!.retryDelay, 120);
});

test('plain http is refused except to a loopback address', () => {
  assert.match(problems(webhook({ url: 'http://hooks.example.com/roleport' })), /notifications\.webhook\.url: must be https:\/\/ \(plain http:\/\/ only to a loopback address such as 127\.0\.0\.1 or localhost\)/);
  for (const url of ['http://127.0.0.1:9000/hook', 'http://localhost:9000/hook', 'http://[::1]:9000/hook'])
    assert.equal(check(webhook({ url })).notifications.webhook!.url, url);
  assert.match(problems(webhook({ url: 'ftp://hooks.example.com/' })), /notifications\.webhook\.url: expected an absolute https:\/\/ URL/);
  assert.match(problems(webhook({ url: 'hooks.example.com' })), /notifications\.webhook\.url: expected an absolute https:\/\/ URL/);
});

test('credentials in the URL are refused: the signature authenticates Roleport', () => {
  assert.match(problems(webhook({ url: 'https://user:pass@hooks.example.com/' })), /notifications\.webhook\.url: must not carry credentials in the URL/);
});

test('a short secret is refused without showing it', () => {
  const message = problems(webhook({ secret: 'env:SHORT_SECRET' }));
  assert.match(message, /notifications\.webhook\.secret: must be at least 32 characters long/);
  assert.ok(!message.includes('too-short'), message);
  assert.match(problems(webhook({ secret: 'env:MISSING_HOOK_SECRET' })), /environment variable MISSING_HOOK_SECRET is not set/);
});

test('a role marked notify: true without a webhook is refused, naming the role', () => {
  const roles = [{ account: 'prod', name: 'Admin', notify: true }, { account: 'dev', name: 'Developer' }];
  assert.match(problems({ roles }), /roles\[0\]\.notify: role 'prod\/Admin' says notify: true, but notifications\.webhook is not set, so nothing would be sent/);
  assert.deepEqual(check({ roles, ...webhook({}) }).roles.map((role) => role.notify), [true, false]);
});
