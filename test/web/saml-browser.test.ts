// SAML sign-in in a real browser (Debian's Chromium): the IdP's auto-posting form reaches Roleport's
// ACS through the browser's own CSP, cookie and redirect rules, for plain sign-in and the AWS application.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { type SimpleSamlPhp, SAML_USERS, startSimpleSamlPhp } from '../peers/simplesamlphp.ts';
import { type TestApp, startTestApp } from '../support/app.ts';
import { launchBrowser } from '../support/browser.ts';
import { TEST_ENV } from '../support/fixtures.ts';

const ACCOUNT = '111111111111';
const PROVIDER_ARN = `arn:aws:iam::${ACCOUNT}:saml-provider/corp`;
const BROKER_SECRET = 'broker-secret-for-the-saml-browser-test';
let idp: SimpleSamlPhp;
let app: TestApp;
let browser: Browser;

function config(url: string) {
  return {
    session: { secret: 'env:TEST_SESSION_SECRET' },
    identity: [
      { id: 'corp', type: 'saml', label: 'Corp SAML', idpMetadata: idp.metadataUrl },
      { id: 'corp-aws', type: 'saml', label: 'AWS at Corp', awsFederation: true, idpMetadata: idp.metadataUrl },
    ],
    aws: {
      credentials: { sandboxUser: 'roleport-broker' },
      endpoints: { sts: `${url}/sandbox/sts`, signin: `${url}/sandbox/federation`, console: `${url}/sandbox/console` },
      consoleDestinations: [`${url}/sandbox/console/`],
    },
    accounts: [{ id: ACCOUNT, name: 'sandbox-prod' }],
    roles: [{ account: 'sandbox-prod', name: 'Admin' }],
    rules: [{ groups: ['aws-admins'], grant: ['sandbox-prod/Admin'] }],
    sandbox: {
      accounts: [ACCOUNT],
      users: [{ name: 'roleport-broker', account: ACCOUNT, accessKeyId: 'AKIAROLEPORTSAMLBROWSER', secretAccessKey: 'env:BROKER_SECRET' }],
      roles: [
        { account: ACCOUNT, name: 'Admin', trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/roleport-broker` }, Action: 'sts:AssumeRole' }] } },
        {
          account: ACCOUNT,
          name: 'SamlOperator',
          trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: PROVIDER_ARN }, Action: 'sts:AssumeRoleWithSAML', Condition: { StringEquals: { 'SAML:aud': `${url}/saml/corp-aws/acs` } } }] },
        },
      ],
      samlProviders: [{ account: ACCOUNT, name: 'corp', certificate: join(idp.dir, 'cert', 'idp.crt') }],
    },
  };
}

before(async () => {
  idp = await startSimpleSamlPhp();
  app = await startTestApp({ config, env: { ...TEST_ENV, BROKER_SECRET } });
  idp.setServiceProviders([
    { entityId: `${app.url}/saml/corp`, acsUrl: `${app.url}/saml/corp/acs`, sloUrl: `${app.url}/saml/corp/slo` },
    {
      entityId: 'urn:amazon:webservices',
      acsUrl: `${app.url}/saml/corp-aws/acs`,
      uriAttributeNames: true,
      extraAttributes: { alice: { 'https://aws.amazon.com/SAML/Attributes/Role': [`arn:aws:iam::${ACCOUNT}:role/SamlOperator,${PROVIDER_ARN}`], 'https://aws.amazon.com/SAML/Attributes/RoleSessionName': ['alice'] } },
    },
  ]);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await app?.close();
  await idp?.stop();
});

async function fillIdpLogin(page: Page, user: string) {
  await page.fill('input[name=username]', user);
  await page.fill('input[name=password]', SAML_USERS.find((u) => u.username === user)!.password);
  await page.click('button[type=submit], input[type=submit]');
}

const rolesOnPage = (page: Page) => page.locator('[data-role]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-role')));

describe('SAML sign-in in a browser', () => {
  it('signs alice in from the login page through the IdP form to the page she asked for', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app.url}/roles/sandbox-prod/Admin`);
    assert.equal(new URL(page.url()).pathname, '/login');
    await page.click('a[href^="/saml/corp/login"]');
    assert.equal(new URL(page.url()).origin, idp.url);
    await fillIdpLogin(page, 'alice');
    await page.waitForURL(`${app.url}/roles/sandbox-prod/Admin`);
    assert.match(await page.content(), /sandbox-prod\/Admin/);
    await context.close();
  });

  it("takes alice from the IdP's AWS application to her SAML role and into the sandbox console", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(idp.idpInitiatedUrl('urn:amazon:webservices'));
    await fillIdpLogin(page, 'alice');
    await page.waitForURL(`${app.url}/`);
    assert.deepEqual(await rolesOnPage(page), ['sandbox-prod/SamlOperator']);
    await page.goto(`${app.url}/console/sandbox-prod/SamlOperator`);
    assert.match(await page.content(), /arn:aws:sts::111111111111:assumed-role\/SamlOperator\/alice/);
    await context.close();
  });
});
