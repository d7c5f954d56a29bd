// The CLI sends its bearer token to whatever --url says: plain http is allowed only when the
// address is this machine, so a look-alike name cannot pull the token across the network in clear.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError, normalizeUrl } from '../../src/cli/cli-args.ts';

const PLAIN_HTTP_REFUSED = (url: string) => new UsageError(`--url: '${url}' is plain http; tokens go only over https (plain http is allowed to this machine alone)`);

test('plain http to a name that only looks like loopback is refused', () => {
  for (const url of [
    'http://127.0.0.1.example.com',
    'http://127.0.0.1.nip.io:3000',
    'http://127.evil.example',
    'http://localhost.example.com',
    'http://localhost.',
    'http://[::ffff:10.0.0.1]',
    'http://[::2]',
    'http://128.0.0.1',
    'http://0.0.0.0:3000',
  ]) {
    assert.throws(() => normalizeUrl(url), PLAIN_HTTP_REFUSED(url), url);
  }
});

test('plain http to real loopback addresses and localhost is allowed', () => {
  for (const [url, normalized] of [
    ['http://127.0.0.1:3000', 'http://127.0.0.1:3000'],
    ['http://127.255.10.3:8080/', 'http://127.255.10.3:8080'],
    ['http://LOCALHOST:3000', 'http://localhost:3000'],
    ['http://[::1]:3000', 'http://[::1]:3000'],
    ['http://2130706433:3000', 'http://127.0.0.1:3000'], // the URL parser writes the decimal form as 127.0.0.1
  ]) {
    assert.equal(normalizeUrl(url), normalized);
  }
});

test('https goes anywhere, including names that start with 127.', () => {
  assert.equal(normalizeUrl('https://127.0.0.1.example.com'), 'https://127.0.0.1.example.com');
});
