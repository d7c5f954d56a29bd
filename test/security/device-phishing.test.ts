// Device-flow phishing: an attacker starts `roleport login` on their own machine, names the client as
// they like and sends the victim the prefilled approval link. The link approves nothing, the name is
// shown as untrusted text with its hidden characters removed, and the page warns that the request
// comes from another address than the approver's.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { type TestApp, startTestApp } from '../support/app.ts';
import { hiddenField } from '../support/http-client.ts';
import { type DeviceStart, pollToken, signedIn, typeCode } from '../api/device-helpers.ts';

/** POST /api/v1/device from another loopback address, as a machine elsewhere would. */
function startDeviceFrom(baseUrl: string, localAddress: string, clientName: string): Promise<DeviceStart> {
  const body = JSON.stringify({ client_name: clientName });
  return new Promise((resolve, reject) => {
    const call = request(`${baseUrl}/api/v1/device`, { method: 'POST', localAddress, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => (response.statusCode === 200 ? resolve(JSON.parse(text) as DeviceStart) : reject(new Error(`${response.statusCode}: ${text}`))));
    });
    call.on('error', reject);
    call.end(body);
  });
}

describe('device-flow phishing', () => {
  let app: TestApp;
  const audits = (event: string) => app.logs.map((line) => JSON.parse(line)).filter((entry) => entry.audit?.event === event).map((entry) => entry.audit);
  before(async () => {
    app = await startTestApp({ demo: true });
  });
  after(() => app?.close());

  // U+202E turns the rest around on screen; U+200B, U+2066-2069 and C1 controls hide or reorder text.
  const SPOOFED = 'roleport CLI, alice@laptop\u202E\u2066 (IT helpdesk)\u2069\u200B\u0085\u009B2J\u0007\r\nApproved by IT';

  test('the prefilled link opens an empty field: the attacker keeps polling authorization_pending and nothing is approved', async () => {
    const attacker = await startDeviceFrom(app.url, '127.0.0.3', SPOOFED);
    // RFC 8628 lets the API hand out the complete URI; the page does not act on it.
    assert.equal(attacker.verification_uri_complete, `${app.url}/device?user_code=${attacker.user_code}`);
    const alice = await signedIn(app, 'alice');
    const link = await alice.get(new URL(attacker.verification_uri_complete).pathname + new URL(attacker.verification_uri_complete).search);
    const html = await link.text();
    assert.equal(link.status, 200);
    assert.match(html, /<input name="user_code" value=""/);
    assert.ok(!html.includes(attacker.user_code), 'the page does not show the code from the link');
    assert.doesNotMatch(html, /name="decision"/);

    // Without the typed code there is nothing to approve: a decision names a code, and only the
    // code typed on the form reaches the Approve button.
    const noCode = await alice.post('/device', { _csrf: hiddenField(html, '_csrf') ?? '', decision: 'approve' });
    assert.equal(noCode.status, 400);
    assert.equal((await pollToken(app.url, attacker.device_code)).json.error.code, 'authorization_pending');
    assert.equal(audits('device.approved').length, 0);
  });

  test('the name the requester gives is shown stripped of control, bidi and format characters, labelled as theirs, with a warning about the other address', async () => {
    const attacker = await startDeviceFrom(app.url, '127.0.0.3', SPOOFED);
    const alice = await signedIn(app, 'alice');
    const page = await typeCode(alice, attacker.user_code);
    assert.equal(page.status, 200);
    assert.match(page.html, /<span class="muted">Name given by the requester, not checked by Roleport:<\/span> <span class="untrusted">roleport CLI, alice@laptop \(IT helpdesk\)2J Approved by IT<\/span>/);
    assert.doesNotMatch(page.html, /[\u0080-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\u0007]/u);
    assert.match(page.html, /<strong>This request comes from another address than yours.<\/strong> It was started from <code>127\.0\.0\.3<\/code>; you are at <code>127\.0\.0\.1<\/code>/);
    assert.match(page.html, /If someone sent you this code, or you did not just run <code>roleport login<\/code> on that machine yourself, press Deny./);
  });

  test('when alice denies the code she typed, the attacker hears access_denied and the denial is audited with both addresses', async () => {
    const attacker = await startDeviceFrom(app.url, '127.0.0.3', SPOOFED);
    const alice = await signedIn(app, 'alice');
    const page = await typeCode(alice, attacker.user_code);
    const denied = await alice.post('/device', { _csrf: hiddenField(page.html, '_csrf') ?? '', user_code: hiddenField(page.html, 'user_code') ?? '', decision: 'deny' });
    assert.equal(denied.status, 200);
    const answer = await pollToken(app.url, attacker.device_code);
    assert.equal(answer.json.error.code, 'access_denied');
    const event = audits('device.denied').at(-1);
    assert.equal(event.actor.username, 'alice');
    assert.equal(event.details.clientIp, '127.0.0.3');
    assert.equal(event.details.clientName, 'roleport CLI, alice@laptop (IT helpdesk)2J Approved by IT');
    assert.match(event.client.ip, /127\.0\.0\.1$/);
  });
});
