// The CLI's shared options: Roleport URLs (tokens never over plain http to another machine), roles
// and durations.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError, normalizeUrl, parseDuration, parseRole } from '../../src/cli/cli-args.ts';

test('a Roleport URL loses its trailing slash and keeps its path', () => {
  assert.equal(normalizeUrl('https://roleport.example.com/'), 'https://roleport.example.com');
  assert.equal(normalizeUrl('https://example.com/roleport//'), 'https://example.com/roleport');
  assert.equal(normalizeUrl('http://127.0.0.1:3000'), 'http://127.0.0.1:3000');
  assert.equal(normalizeUrl('http://localhost:3000/'), 'http://localhost:3000');
});

test('plain http to another machine is refused, since the token would cross the network in clear', () => {
  assert.throws(() => normalizeUrl('http://roleport.example.com'), new UsageError("--url: 'http://roleport.example.com' is plain http; tokens go only over https (plain http is allowed to this machine alone)"));
  assert.throws(() => normalizeUrl('ftp://roleport.example.com'), /must start with https:\/\//);
  assert.throws(() => normalizeUrl(undefined), /say which Roleport to use: --url https:\/\/roleport.example.com \(or set ROLEPORT_URL\)/);
});

test('a role is <account>/<role>', () => {
  assert.deepEqual(parseRole('prod/Admin'), { account: 'prod', role: 'Admin', key: 'prod/Admin' });
  assert.throws(() => parseRole('prod'), new UsageError("--role: expected <account>/<role>, e.g. prod/Admin (found 'prod')"));
  assert.throws(() => parseRole('prod/Admin/x'), UsageError);
});

test('durations read as seconds, minutes and hours, from 15 minutes to 36 hours', () => {
  assert.equal(parseDuration(undefined), undefined);
  assert.equal(parseDuration('3600'), 3600);
  assert.equal(parseDuration('1h'), 3600);
  assert.equal(parseDuration('90m'), 5400);
  assert.equal(parseDuration('1h30m'), 5400);
  assert.equal(parseDuration('900s'), 900);
  assert.throws(() => parseDuration('10m'), new UsageError("--duration: '10m' should be between 15m and 36h, e.g. 1h, 90m or 3600"));
  assert.throws(() => parseDuration('37h'), UsageError);
  assert.throws(() => parseDuration('an hour'), UsageError);
  assert.throws(() => parseDuration(''), UsageError);
});
