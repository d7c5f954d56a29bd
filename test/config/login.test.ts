// The `login.throttle` section: the README's rules are its defaults; durations read as elsewhere;
// a wrong value names its key.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, checkConfig } from '../../src/config/index.ts';
import { TEST_ENV, baseConfig } from '../support/fixtures.ts';

const check = (login: unknown) => checkConfig(baseConfig(login === undefined ? {} : { login }), { env: TEST_ENV, baseDir: process.cwd(), file: 'roleport.yaml' }).config.login.throttle;

function problems(login: unknown): string {
  try {
    check(login);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.message;
  }
  assert.fail('the configuration was accepted');
}

test('without a login section the throttle has the documented rules', () => {
  assert.deepEqual(check(undefined), {
    usernameAddress: { free: 5, firstDelay: 1, maxDelay: 900, forgetAfter: 900 },
    username: { failures: 20, window: 900, interval: 5 },
    address: { failures: 100, window: 900 },
    knownDevice: { lifetime: 30 * 86400 },
  });
});

test('one key changed keeps the other defaults, and durations may be written 30s, 10m, 1h, 7d', () => {
  const throttle = check({ throttle: { usernameAddress: { maxDelay: '1h' }, username: { interval: '30s' }, knownDevice: { lifetime: '7d' } } });
  assert.deepEqual(throttle.usernameAddress, { free: 5, firstDelay: 1, maxDelay: 3600, forgetAfter: 900 });
  assert.deepEqual(throttle.username, { failures: 20, window: 900, interval: 30 });
  assert.equal(throttle.knownDevice.lifetime, 7 * 86400);
});

test('wrong values are refused with their key path', () => {
  const message = problems({ throttle: { usernameAddress: { free: 0 }, address: { failures: 'many' }, perUser: 10 } });
  assert.match(message, /login\.throttle\.usernameAddress\.free: must be at least 1/);
  assert.match(message, /login\.throttle\.address\.failures: found 'many', expected number/);
  assert.match(message, /login\.throttle\.perUser: unknown key 'perUser'/);
  assert.match(problems({ throttle: { usernameAddress: { firstDelay: '20m', maxDelay: '10m' } } }), /login\.throttle\.usernameAddress\.firstDelay: firstDelay must not be longer than maxDelay/);
});
