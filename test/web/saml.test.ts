// SAML sign-in through Roleport's pages against a real IdP (SimpleSAMLphp), driven like a browser
// through its login form: plain sign-in (roles from the rules, keys with AssumeRole) and the IdP's AWS
// application (roles from the Role attribute, keys with AssumeRoleWithSAML), both against the sandbox.
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type SimpleSamlPhp, SAML_USERS, makeCertificate, startSimpleSamlPhp } from '../peers/simplesamlphp.ts';
import { type PostedForm, createIdpBrowser, loginAtIdp } from '../peers/saml/idp-login.ts';
import { type TestApp, startTestApp } from '../support/app.ts';
import { TEST_ENV } from '../support/fixtures.ts';
import { type Client, createClient, hiddenField } from '../support/http-client.ts';

const ACCOUNT = '111111111111';
const BROKER = { accessKeyId: 'AKIAROLEPORTSAMLTEST1', secretAccessKey: 'broker-secret-for-the-saml-web-test-0123' };
const PROVIDER_ARN = `arn:aws:iam::${ACCOUNT}:saml-provider/corp`;
const AWS_ATTR = 'https://aws.amazon.com/SAML/Attributes/';
const SHORT_LIVED_SP = 'https://roleport.test/aws-short-lived';
const password = (user: string) => SAML_USERS.find((u) => u.username === user)!.password;

let idp: SimpleSamlPhp;
let app: TestApp;
// Roleport's clock: real time, moved by a test that needs hours to pass (and put back after).
let shift = 0;
let sp: { key: string; cert: string; certPath: string };

function config(url: string) {
  const trustSaml = (aud: string) => ({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Federated: PROVIDER_ARN }, Action: 'sts:AssumeRoleWithSAML', Condition: { StringEquals: { 'SAML:aud': aud } } }],
  });
  const trustBroker = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/roleport-broker` }, Action: 'sts:AssumeRole' }] };
  return {
    session: { secret: 'env:TEST_SESSION_SECRET' },
    identity: [
      { id: 'corp', type: 'saml', label: 'Corp SAML', idpMetadata: idp.metadataUrl, signing: { privateKey: 'env:SP_KEY', certificate: sp.certPath }, allowIdpInitiated: true },
      { id: 'corp-aws', type: 'saml', label: 'AWS at Corp', awsFederation: true, idpMetadata: idp.metadataUrl },
    ],
    aws: {
      credentials: { sandboxUser: 'roleport-broker' },
      endpoints: { sts: `${url}/sandbox/sts`, signin: `${url}/sandbox/federation`, console: `${url}/sandbox/console` },
      consoleDestinations: [`${url}/sandbox/console/`],
    },
    accounts: [{ id: ACCOUNT, name: 'sandbox-prod' }],
    roles: [
      { account: 'sandbox-prod', name: 'Admin' },
      { account: 'sandbox-prod', name: 'Developer' },
    ],
    rules: [
      { groups: ['aws-admins'], grant: ['sandbox-prod/Admin'] },
      { groups: ['developers'], grant: ['sandbox-prod/Developer'] },
    ],
    sandbox: {
      accounts: [ACCOUNT],
      users: [{ name: 'roleport-broker', account: ACCOUNT, accessKeyId: BROKER.accessKeyId, secretAccessKey: 'env:BROKER_SECRET' }],
      roles: [
        { account: ACCOUNT, name: 'Admin', trustPolicy: trustBroker },
        { account: ACCOUNT, name: 'Developer', trustPolicy: trustBroker },
        { account: ACCOUNT, name: 'SamlOperator', trustPolicy: trustSaml(`${url}/saml/corp-aws/acs`) },
        { account: ACCOUNT, name: 'SamlElsewhere', trustPolicy: trustSaml('https://signin.aws.amazon.com/saml') },
      ],
      samlProviders: [{ account: ACCOUNT, name: 'corp', certificate: join(idp.dir, 'cert', 'idp.crt') }],
    },
  };
}

const awsRoles = (...names: string[]) => names.map((name) => `arn:aws:iam::${ACCOUNT}:role/${name},${PROVIDER_ARN}`);

before(async () => {
  idp = await startSimpleSamlPhp();
  sp = makeCertificate(idp.dir, 'roleport-sp');
  app = await startTestApp({ config, clock: () => new Date(Date.now() + shift), env: { ...TEST_ENV, SP_KEY: sp.key, BROKER_SECRET: BROKER.secretAccessKey } });
  const awsAttributes = {
    alice: { [`${AWS_ATTR}Role`]: awsRoles('SamlOperator', 'SamlElsewhere'), [`${AWS_ATTR}RoleSessionName`]: ['alice'], [`${AWS_ATTR}SessionDuration`]: ['3600'] },
    bob: { [`${AWS_ATTR}Role`]: [`${PROVIDER_ARN},arn:aws:iam::${ACCOUNT}:role/SamlOperator`], [`${AWS_ATTR}RoleSessionName`]: ['bob'] },
  };
  idp.setServiceProviders([
    { entityId: `${app.url}/saml/corp`, acsUrl: `${app.url}/saml/corp/acs`, sloUrl: `${app.url}/saml/corp/slo`, certificate: sp.cert },
    { entityId: 'urn:amazon:webservices', acsUrl: `${app.url}/saml/corp-aws/acs`, uriAttributeNames: true, extraAttributes: awsAttributes },
    // The same AWS application with assertions that expire at once (AWS audience added to its own).
    { entityId: SHORT_LIVED_SP, acsUrl: `${app.url}/saml/corp-aws/acs`, uriAttributeNames: true, extraAttributes: awsAttributes, audience: ['urn:amazon:webservices'], assertionLifetime: 1 },
  ]);
});
after(async () => {
  await app?.close();
  await idp?.stop();
});

const audits = (event: string) => app.logs.map((line) => JSON.parse(line)).filter((entry) => entry.audit?.event === event).map((entry) => entry.audit);
const pathOf = (url: string) => {
  const u = new URL(url);
  return u.pathname + u.search;
};

/** Posts the IdP's form to Roleport's ACS, as the browser's auto-submitting form would. */
async function postToRoleport(client: Client, form: PostedForm): Promise<Response> {
  assert.ok(form.action.startsWith(app.url), `the IdP posts to ${form.action}`);
  return client.post(pathOf(form.action), form.fields);
}

/** SP-initiated: Roleport's /saml/<source>/login, the IdP's login form, back to the ACS. */
async function signIn(user: string, source = 'corp', next = '/') {
  const client = createClient(app.url);
  const start = await client.get(`/saml/${source}/login?next=${encodeURIComponent(next)}`);
  assert.equal(start.status, 302);
  const location = start.headers.get('location') ?? '';
  assert.ok(location.startsWith(idp.ssoUrl), `Roleport sends the browser to the IdP, got ${location}`);
  const idpBrowser = createIdpBrowser(idp.url);
  const form = await loginAtIdp(idpBrowser, location, user, password(user));
  const back = await postToRoleport(client, form);
  return { client, form, back, idpBrowser };
}

/** IdP-initiated: the IdP's link for an SP, its login form, then the ACS. */
async function idpInitiated(user: string, spEntityId: string, relayState?: string) {
  const client = createClient(app.url);
  const idpBrowser = createIdpBrowser(idp.url);
  const form = await loginAtIdp(idpBrowser, idp.idpInitiatedUrl(spEntityId, relayState), user, password(user));
  const back = await postToRoleport(client, form);
  return { client, form, back, idpBrowser };
}

const rolesOnPage = (html: string) => [...html.matchAll(/data-role="([^"]+)"/g)].map((m) => m[1]);

async function issueKeys(client: Client, role: string) {
  const csrf = await client.csrfToken(`/keys/${role}`);
  const issued = await client.post(`/keys/${role}`, { _csrf: csrf, duration: '900' });
  return { status: issued.status, text: await issued.text() };
}

async function callerArn(html: string): Promise<string | undefined> {
  const credentials = { accessKeyId: hiddenField(html, 'accessKeyId') ?? '', secretAccessKey: hiddenField(html, 'secretAccessKey') ?? '', sessionToken: hiddenField(html, 'sessionToken') };
  assert.match(credentials.accessKeyId, /^ASIA/);
  const sts = new STSClient({ region: 'us-east-1', endpoint: `${app.url}/sandbox/sts`, credentials, maxAttempts: 1 });
  return (await sts.send(new GetCallerIdentityCommand({}))).Arn;
}

describe('SAML sign-in through SimpleSAMLphp', () => {
  it("ends the Roleport session at the assertion's SessionNotOnOrAfter, before the absolute timeout", async () => {
    const { client, back, form } = await signIn('alice');
    assert.equal(back.status, 303);
    const xml = Buffer.from(form.fields.SAMLResponse ?? '', 'base64').toString('utf8');
    const ends = Date.parse(/SessionNotOnOrAfter="([^"]+)"/.exec(xml)?.[1] ?? '');
    assert.ok(ends - Date.now() < 12 * 3600_000, 'the IdP ends the sign-in before the absolute timeout would');
    try {
      shift = ends - Date.now() - 60_000;
      assert.equal((await client.get('/')).status, 200, 'a minute before, still signed in');
      shift = ends - Date.now() + 1000;
      const after = await client.get('/');
      assert.equal(after.status, 302);
      assert.match(after.headers.get('location') ?? '', /^\/login/);
    } finally {
      shift = 0;
    }
  });

  it('offers each SAML source on the login page, keeping where the person was going', async () => {
    const html = await (await createClient(app.url).get('/login?next=/roles/sandbox-prod/Admin')).text();
    assert.match(html, /href="\/saml\/corp\/login\?next=%2Froles%2Fsandbox-prod%2FAdmin"/);
    assert.match(html, /Corp SAML/);
  });

  it('publishes SP metadata with the entity ID, ACS, SLO and signing certificate', async () => {
    const response = await createClient(app.url).get('/saml/corp/metadata');
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/samlmetadata\+xml/);
    const xml = await response.text();
    assert.match(xml, new RegExp(`entityID="${app.url}/saml/corp"`));
    assert.match(xml, new RegExp(`Location="${app.url}/saml/corp/acs"`));
    assert.match(xml, new RegExp(`Location="${app.url}/saml/corp/slo"`));
    assert.ok(xml.includes(sp.cert.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '')));
  });

  it("takes alice through the IdP's login form to the page she asked for, then to keys that work in the sandbox", async () => {
    const { client, back } = await signIn('alice', 'corp', '/roles/sandbox-prod/Admin');
    assert.equal(back.status, 303);
    assert.equal(back.headers.get('location'), '/roles/sandbox-prod/Admin');
    const picker = await client.get('/');
    assert.deepEqual(rolesOnPage(await picker.text()), ['sandbox-prod/Admin', 'sandbox-prod/Developer']);
    const keys = await issueKeys(client, 'sandbox-prod/Admin');
    assert.equal(keys.status, 200, keys.text.slice(0, 500));
    assert.equal(await callerArn(keys.text), `arn:aws:sts::${ACCOUNT}:assumed-role/Admin/alice`);
    assert.ok(audits('login.succeeded').some((a) => a.actor.source === 'corp' && a.actor.username === 'alice'));
  });

  it('gives bob, a developer, only the Developer role', async () => {
    const { client, back } = await signIn('bob');
    assert.equal(back.status, 303);
    assert.deepEqual(rolesOnPage(await (await client.get('/')).text()), ['sandbox-prod/Developer']);
  });

  it('accepts an IdP-initiated sign-in and follows its RelayState to a page of ours', async () => {
    const { back } = await idpInitiated('bob', `${app.url}/saml/corp`, '/roles/sandbox-prod/Developer');
    assert.equal(back.status, 303);
    assert.equal(back.headers.get('location'), '/roles/sandbox-prod/Developer');
  });

  it('never follows a RelayState to a foreign host', async () => {
    for (const relayState of ['https://evil.example/steal', '//evil.example/steal', '/\\evil.example']) {
      const { back } = await idpInitiated('bob', `${app.url}/saml/corp`, relayState);
      assert.equal(back.status, 303);
      assert.equal(back.headers.get('location'), '/', `RelayState ${relayState}`);
    }
  });

  it('refuses a response posted a second time, says why, and audits login.failed', async () => {
    const { form } = await idpInitiated('alice', `${app.url}/saml/corp`);
    const replay = await postToRoleport(createClient(app.url), form);
    assert.equal(replay.status, 401);
    const html = await replay.text();
    assert.match(html, /This sign-in answer has already been used\. Start the sign-in again\./);
    assert.match(html, /href="\/saml\/corp\/login\?next=%2F">Sign in with Corp SAML again</);
    assert.ok(audits('login.failed').some((a) => a.actor.source === 'corp' && a.reason === 'This sign-in answer has already been used. Start the sign-in again.'));
  });

  it('refuses an answer to an SP-initiated sign-in posted twice, in the same browser (its request is used up) or in another (not bound to it)', async () => {
    const { client, form, back } = await signIn('bob');
    assert.equal(back.status, 303);
    const sameBrowser = await postToRoleport(client, { ...form, fields: { ...form.fields, postedAgain: '1' } });
    assert.equal(sameBrowser.status, 401);
    const otherBrowser = await postToRoleport(createClient(app.url), { ...form, fields: { ...form.fields, postedAgain: '1' } });
    assert.equal(otherBrowser.status, 401);
    assert.match(await otherBrowser.text(), /belongs to a sign-in started in another browser/);
  });

  it("refuses the AWS application's response at the plain sign-in's ACS (another SP's response)", async () => {
    const client = createClient(app.url);
    const form = await loginAtIdp(createIdpBrowser(idp.url), idp.idpInitiatedUrl('urn:amazon:webservices'), 'alice', password('alice'));
    const refused = await client.post('/saml/corp/acs', form.fields);
    assert.equal(refused.status, 401);
    assert.match(await refused.text(), /The sign-in answer from Corp SAML is meant for another service, not for Roleport\./);
  });

  it('refuses a POST to the ACS without a SAMLResponse with a clear message (no CSRF token is asked there)', async () => {
    const refused = await createClient(app.url).post('/saml/corp/acs', { RelayState: '/' });
    assert.equal(refused.status, 401);
    assert.match(await refused.text(), /No sign-in answer from Corp SAML was received/);
  });

  it('signs out at Roleport and at the IdP (SP-initiated single logout)', async () => {
    const { client, back, idpBrowser } = await signIn('alice');
    assert.equal(back.status, 303);
    const csrf = await client.csrfToken('/');
    const out = await client.post('/saml/corp/logout', { _csrf: csrf });
    assert.equal(out.status, 200);
    assert.match(await out.text(), /You are signed out of Roleport\. Now signing you out of Corp SAML/);
    const refresh = out.headers.get('refresh') ?? '';
    assert.match(refresh, new RegExp(`^0; url=${idp.sloUrl.replace(/[.?]/g, '\\$&')}\\?SAMLRequest=`));
    assert.equal((await client.get('/')).status, 302, 'signed out locally');
    // The IdP answers with a signed LogoutResponse, which Roleport checks and ends on the sign-in page.
    let answer = await idpBrowser.get(refresh.replace(/^0; url=/, ''));
    for (let i = 0; i < 5 && answer.status === 302 && !(answer.headers.get('location') ?? '').startsWith(app.url); i++) {
      answer = await idpBrowser.get(answer.headers.get('location') ?? '');
    }
    const location = answer.headers.get('location') ?? '';
    assert.ok(location.startsWith(`${app.url}/saml/corp/slo?SAMLResponse=`), location);
    const done = await client.get(pathOf(location));
    assert.equal(done.status, 303);
    assert.equal(done.headers.get('location'), '/login?signedOut=1');
  });

  it("the page header's Sign out (POST /logout) ends the Roleport session first, then asks the IdP", async () => {
    const { client } = await signIn('bob');
    const csrf = await client.csrfToken('/');
    const out = await client.post('/logout', { _csrf: csrf });
    assert.equal(out.status, 200);
    assert.match(await out.text(), /You are signed out of Roleport\. Now signing you out of Corp SAML/);
    assert.match(out.headers.get('refresh') ?? '', /\?SAMLRequest=/);
    assert.equal((await client.get('/')).status, 302);
  });

  it('ends the Roleport session when the IdP asks (IdP-initiated single logout)', async () => {
    const client = createClient(app.url);
    const idpBrowser = createIdpBrowser(idp.url);
    const start = await client.get('/saml/corp/login?next=/');
    const form = await loginAtIdp(idpBrowser, start.headers.get('location') ?? '', 'alice', password('alice'));
    assert.equal((await postToRoleport(client, form)).status, 303);
    assert.equal((await client.get('/')).status, 200);
    // Logging out at the IdP sends a LogoutRequest to each SP of the session, through the browser.
    let hop = await idpBrowser.get(`${idp.url}/saml2/idp/SingleLogoutService.php?ReturnTo=${encodeURIComponent(`${idp.url}/`)}`);
    let answered = false;
    for (let i = 0; i < 10 && hop.status >= 300 && hop.status < 400; i++) {
      const location = hop.headers.get('location') ?? '';
      if (location.startsWith(`${app.url}/saml/corp/slo?SAMLRequest=`)) {
        const reply = await client.get(pathOf(location));
        assert.equal(reply.status, 302);
        assert.ok((reply.headers.get('location') ?? '').startsWith(`${idp.sloUrl}?SAMLResponse=`));
        answered = true;
        hop = await idpBrowser.get(reply.headers.get('location') ?? '');
      } else hop = await idpBrowser.get(location);
    }
    assert.ok(answered, 'the IdP sent a LogoutRequest to Roleport');
    assert.equal((await client.get('/')).status, 302, 'the Roleport session has ended');
  });
});

describe("AWS federation through the IdP's AWS application", () => {
  it('signs alice in from the AWS application, offers the roles of her Role attribute, and issues with AssumeRoleWithSAML', async () => {
    const { client, back } = await idpInitiated('alice', 'urn:amazon:webservices');
    assert.equal(back.status, 303);
    assert.deepEqual(rolesOnPage(await (await client.get('/')).text()), ['sandbox-prod/SamlElsewhere', 'sandbox-prod/SamlOperator']);
    const keys = await issueKeys(client, 'sandbox-prod/SamlOperator');
    assert.equal(keys.status, 200, keys.text.slice(0, 800));
    assert.equal(await callerArn(keys.text), `arn:aws:sts::${ACCOUNT}:assumed-role/SamlOperator/alice`);
    const issued = audits('credentials.issued').find((a) => a.actor.source === 'corp-aws');
    assert.equal(issued?.details?.method, 'saml');
  });

  it("opens the AWS console (the sandbox's) for a role of alice's Role attribute", async () => {
    const { client } = await idpInitiated('alice', 'urn:amazon:webservices');
    const signin = await client.get('/console/sandbox-prod/SamlOperator');
    assert.equal(signin.status, 302);
    assert.ok((signin.headers.get('location') ?? '').startsWith(`${app.url}/sandbox/federation?`));
    const consolePage = await client.follow(signin);
    assert.equal(consolePage.status, 200);
    assert.match(await consolePage.text(), /arn:aws:sts::111111111111:assumed-role\/SamlOperator\/alice/);
  });

  it('shows AWS refusing a role whose trust policy names another SAML:aud than the Recipient', async () => {
    const { client } = await idpInitiated('alice', 'urn:amazon:webservices');
    const keys = await issueKeys(client, 'sandbox-prod/SamlElsewhere');
    assert.equal(keys.status, 502, keys.text.slice(0, 500));
    assert.match(keys.text, /AWS refused AssumeRoleWithSAML for sandbox-prod\/SamlElsewhere: this role&#39;s trust policy does not allow/);
  });

  it('reads a Role pair written provider first, and takes the session name from the assertion', async () => {
    const { client } = await idpInitiated('bob', 'urn:amazon:webservices');
    assert.deepEqual(rolesOnPage(await (await client.get('/')).text()), ['sandbox-prod/SamlOperator']);
    const keys = await issueKeys(client, 'sandbox-prod/SamlOperator');
    assert.equal(await callerArn(keys.text), `arn:aws:sts::${ACCOUNT}:assumed-role/SamlOperator/bob`);
  });

  it('says the assertion has expired and links to sign in again, which works', async () => {
    const { client, idpBrowser } = await idpInitiated('alice', SHORT_LIVED_SP);
    const csrf = await client.csrfToken('/keys/sandbox-prod/SamlOperator');
    const refused = await client.post('/keys/sandbox-prod/SamlOperator', { _csrf: csrf, duration: '900' });
    assert.equal(refused.status, 401);
    const html = await refused.text();
    assert.match(html, /your AWS sign-in has expired; sign in again/);
    assert.match(html, /href="\/saml\/corp-aws\/login\?next=%2Froles%2Fsandbox-prod%2FSamlOperator">Sign in again</);
    // SP-initiated with the IdP's AWS application: the IdP session is still there, no form to fill.
    const start = await client.get('/saml/corp-aws/login?next=%2Froles%2Fsandbox-prod%2FSamlOperator');
    const form = await loginAtIdp(idpBrowser, start.headers.get('location') ?? '', 'alice', password('alice'));
    const back = await postToRoleport(client, form);
    assert.equal(back.headers.get('location'), '/roles/sandbox-prod/SamlOperator');
    const keys = await issueKeys(client, 'sandbox-prod/SamlOperator');
    assert.equal(keys.status, 200, keys.text.slice(0, 500));
  });

  it('keeps the SAML response out of the logs', async () => {
    const { form } = await idpInitiated('bob', 'urn:amazon:webservices');
    const signature = /SignatureValue>([^<]{40})/.exec(Buffer.from(form.fields.SAMLResponse, 'base64').toString())?.[1] ?? assert.fail('no signature');
    for (const secret of [form.fields.SAMLResponse.slice(0, 60), signature]) assert.ok(!app.logs.some((line) => line.includes(secret)), 'the SAML response reached the log');
  });
});
