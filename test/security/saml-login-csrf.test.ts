// SAML login CSRF: the ACS takes no CSRF token, so an attacker could post their own valid answer
// into a victim's browser and sign the victim in as the attacker. Each SP-initiated request is bound
// to the browser that started it; unsolicited answers are off for ordinary sources. In Chromium, with
// the IdP on `localhost` and Roleport on 127.0.0.1 (different sites), so the cookie rules are real.
import assert from 'node:assert/strict';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type SimpleSamlPhp, SAML_USERS, startSimpleSamlPhp } from '../peers/simplesamlphp.ts';
import { type TestApp, startTestApp } from '../support/app.ts';
import { launchBrowser } from '../support/browser.ts';
import { TEST_ENV } from '../support/fixtures.ts';
import { createClient } from '../support/http-client.ts';
import { type ForgedIdp, postAnswer, startForgedIdp } from './saml-forged-idp.ts';

const escape = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

async function signInAtIdp(page: Page, user: string) {
  await page.fill('input[name=username]', user);
  await page.fill('input[name=password]', SAML_USERS.find((u) => u.username === user)!.password);
  await page.click('button[type=submit], input[type=submit]');
}

describe('SAML login CSRF in a browser (IdP on localhost, Roleport on 127.0.0.1)', () => {
  let idp: SimpleSamlPhp;
  let app: TestApp;
  let browser: Browser;
  let attackerSite: Server;
  let attackerPage = '';
  const audits = (event: string) => app.logs.map((line) => JSON.parse(line)).filter((entry) => entry.audit?.event === event).map((entry) => entry.audit);

  before(async () => {
    idp = await startSimpleSamlPhp({ hostname: 'localhost' });
    app = await startTestApp({
      env: TEST_ENV,
      config: {
        session: { secret: 'env:TEST_SESSION_SECRET' },
        identity: [{ id: 'corp', type: 'saml', label: 'Corp SAML', idpMetadata: idp.metadataUrl }],
        accounts: [{ id: '111111111111', name: 'prod' }],
        roles: [{ account: 'prod', name: 'Admin' }, { account: 'prod', name: 'ReadOnly' }],
        rules: [{ groups: ['aws-admins'], grant: ['prod/Admin'] }, { groups: ['developers'], grant: ['prod/ReadOnly'] }],
      },
    });
    idp.setServiceProviders([{ entityId: `${app.url}/saml/corp`, acsUrl: `${app.url}/saml/corp/acs`, sloUrl: `${app.url}/saml/corp/slo` }]);
    // The attacker's own site (on localhost, another site than Roleport), serving whatever page the test puts there.
    attackerSite = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(attackerPage));
    await new Promise<void>((resolve) => attackerSite.listen(0, '127.0.0.1', resolve));
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await new Promise((resolve) => attackerSite?.close(resolve));
    await app?.close();
    await idp?.stop();
  });

  test('alice signs in from Roleport through the IdP on another site: the binding cookie stays behind on the cross-site POST, Roleport posts the form again from its own page, and she lands where she was going', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const acsPosts: (string | undefined)[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url() === `${app.url}/saml/corp/acs`) acsPosts.push(new URLSearchParams(request.postData() ?? '').get('postedAgain') ?? undefined);
    });
    await page.goto(`${app.url}/saml/corp/login?next=${encodeURIComponent('/roles/prod/Admin')}`);
    assert.equal(new URL(page.url()).hostname, 'localhost');
    await signInAtIdp(page, 'alice');
    await page.waitForURL(`${app.url}/roles/prod/Admin`);
    assert.equal(audits('login.succeeded').at(-1).actor.username, 'alice');
    assert.deepEqual(acsPosts, [undefined, '1'], 'the IdP posted once, Roleport\'s own page once more');
    // Used, the binding is gone from the browser.
    assert.deepEqual((await context.cookies(app.url)).filter((c) => c.name.startsWith('roleport.saml.')).map((c) => c.name), []);
    await context.close();
  });

  test("bob's own valid answer, posted into alice's browser from his site, is refused at the ACS and signs no one in", async () => {
    // Bob starts a sign-in in his browser and keeps the IdP's answer instead of delivering it.
    const bobContext = await browser.newContext();
    const bobPage = await bobContext.newPage();
    let captured: URLSearchParams | undefined;
    await bobPage.route(`${app.url}/saml/corp/acs`, async (route) => {
      captured = new URLSearchParams(route.request().postData() ?? '');
      await route.abort();
    });
    await bobPage.goto(`${app.url}/saml/corp/login`);
    await signInAtIdp(bobPage, 'bob');
    await bobPage.waitForEvent('requestfailed');
    await bobContext.close();
    assert.ok(captured?.get('SAMLResponse'), 'bob holds a signed answer to his own request');

    // Alice visits bob's page, which posts that answer to Roleport's ACS in her browser.
    const fields = [...captured!].map(([name, value]) => `<input type="hidden" name="${escape(name)}" value="${escape(value)}">`).join('');
    attackerPage = `<form method="post" action="${app.url}/saml/corp/acs">${fields}</form><script>document.forms[0].submit()</script>`;
    const aliceContext = await browser.newContext();
    const alicePage = await aliceContext.newPage();
    const before = audits('login.failed').length;
    await alicePage.goto(`http://localhost:${(attackerSite.address() as AddressInfo).port}/`);
    await alicePage.waitForSelector('text=belongs to a sign-in started in another browser');
    assert.match(await alicePage.content(), /This sign-in answer from Corp SAML belongs to a sign-in started in another browser \(or more than 10 minutes ago\). Start the sign-in again here./);

    const refused = audits('login.failed').slice(before);
    assert.equal(refused.length, 1);
    assert.equal(refused[0].outcome, 'refused');
    assert.equal(refused[0].details.code, 'saml_other_browser');
    assert.equal(audits('login.succeeded').filter((e) => e.actor.username === 'bob').length, 0);
    await alicePage.goto(`${app.url}/`);
    assert.equal(new URL(alicePage.url()).pathname, '/login', 'alice is not signed in as bob');
    await aliceContext.close();
  });
});

describe('unsolicited SAML answers', () => {
  let forged: ForgedIdp;
  before(async () => {
    forged = await startForgedIdp();
  });
  after(() => forged?.close());

  test('an ordinary SAML source refuses an answer no request of Roleport asked for (allowIdpInitiated is off by default)', async () => {
    const victim = createClient(forged.app.url);
    const { response } = await postAnswer(victim, { SAMLResponse: forged.answer({}), RelayState: '/' });
    assert.equal(response.status, 401);
    assert.match(await response.text(), /does not match a sign-in started at Roleport/);
    assert.equal(forged.audits('login.failed').at(-1).details.code, 'saml_unsolicited');
    assert.equal((await victim.get('/')).status, 302);
  });

  test('a RelayState changed on the way is refused: the binding covers it', async () => {
    const alice = createClient(forged.app.url);
    const start = await alice.get('/saml/corp/login?next=%2Froles%2Fprod%2FAdmin');
    const requestId = /roleport\.saml\.([^=]+)=/.exec(start.headers.get('set-cookie') ?? '')?.[1] ?? assert.fail('no binding cookie');
    const { response } = await postAnswer(alice, { SAMLResponse: forged.answer({ inResponseTo: requestId }), RelayState: '/somewhere-else' });
    assert.equal(response.status, 401);
    assert.equal(forged.audits('login.failed').at(-1).details.code, 'saml_other_browser');
  });
});
