// SAML refusals a person can act on, and refusals that do not help an attacker: an expired answer to
// Roleport's own request says "expired, sign in again"; a forged answer naming a pending request is
// refused without using the request up, so the genuine answer that follows still signs in.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createClient } from '../support/http-client.ts';
import { type ForgedIdp, MALLORY, postAnswer, startForgedIdp, startSpLogin } from './saml-forged-idp.ts';

describe('SAML refusals', () => {
  let forged: ForgedIdp;
  before(async () => {
    forged = await startForgedIdp();
  });
  after(() => forged?.close());

  test('an expired answer to a sign-in Roleport started says it expired and offers to sign in again; the refusal is audited', async () => {
    const browser = createClient(forged.app.url);
    const { requestId, relayState } = await startSpLogin(browser, '/roles/prod/Admin');
    const issued = new Date(Date.now() - 20 * 60_000);
    const response = await browser.post('/saml/corp/acs', { SAMLResponse: forged.answer({ inResponseTo: requestId, now: issued, lifetime: 300 }), RelayState: relayState });
    assert.equal(response.status, 401);
    const html = await response.text();
    assert.match(html, /The sign-in answer from Corp IdP has expired. Sign in again./);
    assert.match(html, /href="\/saml\/corp\/login\?next=%2Froles%2Fprod%2FAdmin"/);
    const event = forged.audits('login.failed').at(-1);
    assert.equal(event.outcome, 'refused');
    assert.equal(event.actor.source, 'corp');
    assert.equal(event.details.code, 'saml_expired');
  });

  test('a forged answer naming alice’s pending request is refused, and the genuine answer that follows signs her in', async () => {
    const alice = createClient(forged.app.url);
    const { requestId, relayState } = await startSpLogin(alice, '/roles/prod/Admin');
    const before = forged.audits('login.failed').length;

    // Signed with a key the IdP does not use, for another person, in answer to alice's request.
    const forgery = await alice.post('/saml/corp/acs', { SAMLResponse: forged.answer({ inResponseTo: requestId, attributes: MALLORY, nameId: 'mallory' }, forged.intruder), RelayState: relayState });
    assert.equal(forgery.status, 401);
    assert.match(await forgery.text(), /The sign-in answer is not signed by Corp IdP with a certificate Roleport trusts./);
    assert.equal((await alice.get('/')).status, 302, 'the forgery signed no one in');
    const refused = forged.audits('login.failed').slice(before);
    assert.equal(refused.length, 1);
    assert.equal(refused[0].details.code, 'saml_bad_signature');

    const genuine = await alice.post('/saml/corp/acs', { SAMLResponse: forged.answer({ inResponseTo: requestId }), RelayState: relayState });
    assert.equal(genuine.status, 303);
    assert.equal(genuine.headers.get('location'), '/roles/prod/Admin');
    assert.equal(forged.audits('login.succeeded').at(-1).actor.username, 'alice');
    assert.match(await (await alice.get('/')).text(), /Alice Admin/);

    // Accepted once, the request is used up: another answer to it is refused.
    const again = await postAnswer(alice, { SAMLResponse: forged.answer({ inResponseTo: requestId }), RelayState: relayState });
    assert.equal(again.response.status, 401);
    assert.match(forged.audits('login.failed').at(-1).details.code, /^saml_(unsolicited|other_browser)$/);
  });
});
