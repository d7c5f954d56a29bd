// Malformed requests are answered as the sender's mistake (400, 413) with a message that says what
// was wrong, on the web pages and on /api/v1 alike: never a 500, never a stack trace.
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { type TestApp, startTestApp } from '../support/app.ts';
import { TEST_ENV, baseConfig } from '../support/fixtures.ts';

let app: TestApp;
before(async () => {
  app = await startTestApp({ env: TEST_ENV, config: baseConfig() });
});
after(() => app.close());

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const JSON_BODY = { 'content-type': 'application/json' };
const TOO_MANY_FIELDS = Array.from({ length: 150 }, (_, i) => `field${i}=x`).join('&');

type Case = { name: string; path: string; init?: RequestInit; status: number; code: string; message: string; heading: string };

const CASES: Case[] = [
  { name: 'a form with 150 fields', path: '/login', init: { method: 'POST', headers: FORM, body: TOO_MANY_FIELDS }, status: 413, code: 'too_many_fields', message: 'the form has more fields than Roleport reads', heading: 'The form has too many fields' },
  { name: 'garbage sent as gzip', path: '/login', init: { method: 'POST', headers: { ...FORM, 'content-encoding': 'gzip' }, body: 'this is not gzip' }, status: 400, code: 'body_encoding_invalid', message: 'the request body is not valid gzip data, as its Content-Encoding says', heading: 'The request could not be read' },
  { name: 'a gzip body cut short', path: '/login', init: { method: 'POST', headers: { ...FORM, 'content-encoding': 'gzip' }, body: gzipSync('username=alice&password=x').subarray(0, 12) }, status: 400, code: 'body_encoding_invalid', message: 'the request body is not valid gzip data, as its Content-Encoding says', heading: 'The request could not be read' },
  { name: 'a malformed percent-encoding in a one-segment path', path: '/roles/%E0%A4%A', status: 400, code: 'path_malformed', message: 'the address holds a malformed percent-encoding (a %XX sequence that is not UTF-8)', heading: 'That address is not valid' },
  { name: 'a malformed percent-encoding in a route parameter', path: '/roles/prod/%E0%A4%A', status: 400, code: 'path_malformed', message: 'the address holds a malformed percent-encoding (a %XX sequence that is not UTF-8)', heading: 'That address is not valid' },
  { name: 'a malformed percent-encoding in a console link', path: '/console/%E0%A4%A', status: 400, code: 'path_malformed', message: 'the address holds a malformed percent-encoding (a %XX sequence that is not UTF-8)', heading: 'That address is not valid' },
  { name: 'a form over 256 KB', path: '/login', init: { method: 'POST', headers: FORM, body: `username=${'x'.repeat(300 * 1024)}` }, status: 413, code: 'too_large', message: 'the request is larger than Roleport accepts', heading: 'The request is too large' },
];

const API_CASES: Case[] = [
  { ...CASES[0], path: '/api/v1/device/authorize' },
  { ...CASES[1], path: '/api/v1/device/authorize', init: { method: 'POST', headers: { ...JSON_BODY, 'content-encoding': 'gzip' }, body: '{"not":"gzip"}' } },
  { ...CASES[3], path: '/api/v1/roles/%E0%A4%A' },
  { ...CASES[6], path: '/api/v1/device/authorize', init: { method: 'POST', headers: JSON_BODY, body: JSON.stringify({ client_name: 'x'.repeat(100 * 1024) }) } },
];

const serverErrors = () => app.logs.map((line) => JSON.parse(line)).filter((entry) => entry.res?.statusCode >= 500 || entry.status >= 500 || entry.level >= 50).length;

describe('on the web pages', () => {
  for (const c of CASES) {
    test(`${c.name} gets ${c.status} and a page that says so`, async () => {
      const errorsBefore = serverErrors();
      const response = await fetch(`${app.url}${c.path}`, { redirect: 'manual', ...c.init });
      assert.equal(response.status, c.status);
      assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
      const html = await response.text();
      assert.match(html, new RegExp(`<title>${c.heading} · Roleport</title>`));
      assert.ok(html.includes(c.message.replace(/'/g, '&#39;')), `the page says: ${c.message}`);
      assert.doesNotMatch(html, /node_modules|\.ts:\d+|\bat [\w.]+ \(/);
      assert.equal(serverErrors(), errorsBefore, 'nothing logged as a server error');
    });
  }
});

describe('on /api/v1', () => {
  for (const c of API_CASES) {
    test(`${c.name} gets ${c.status} and a JSON error with code ${c.code}`, async () => {
      const response = await fetch(`${app.url}${c.path}`, { redirect: 'manual', ...c.init });
      assert.equal(response.status, c.status);
      assert.deepEqual(await response.json(), { error: { code: c.code, message: c.message, requestId: response.headers.get('x-request-id') } });
    });
  }
});
