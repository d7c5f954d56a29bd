// The keys pages in the demo: issue alice's keys, show every format, download one, use them with the AWS CLI.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { DEMO_PASSWORD } from '../../src/config/index.ts';
import { demoAccessKeyId, demoConfig, demoSecrets } from '../../src/config/demo.ts';
import { type TestApp, startTestApp } from '../support/app.ts';
import { type Client, createClient, hiddenField } from '../support/http-client.ts';
import { markStepUp } from '../support/step-up.ts';

const run = promisify(execFile);
let app: TestApp;
let dir: string;
before(async () => {
  app = await startTestApp({ demo: true });
  dir = await mkdtemp(join(tmpdir(), 'roleport-keys-'));
});
after(async () => {
  await app.close();
  await rm(dir, { recursive: true, force: true });
});

const auditEvents = () => app.logs.map((line) => JSON.parse(line)).filter((entry) => entry.audit).map((entry) => entry.audit);

/** Signed in, and past step-up (sandbox-prod/Admin needs MFA; test/web/step-up.test.ts covers that). */
async function signedIn(target: TestApp, username: 'alice' | 'bob'): Promise<Client> {
  const client = createClient(target.url);
  const response = await client.login(username, DEMO_PASSWORD);
  assert.equal(response.status, 303);
  await markStepUp(target, client);
  return client;
}

async function issue(client: Client, path: string, form: Record<string, string> = {}): Promise<{ response: Response; html: string }> {
  const page = await client.get(path);
  const csrf = hiddenField(await page.text(), '_csrf')!;
  const response = await client.post(path, { _csrf: csrf, ...form });
  return { response, html: await response.text() };
}

const ADMIN = '/keys/sandbox-prod/Admin';

describe('the keys page', () => {
  test('offers a button to issue keys, says demo keys work only against the sandbox, and is not cached', async () => {
    const client = await signedIn(app, 'alice');
    const response = await client.get(ADMIN);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const html = await response.text();
    assert.match(html, /<form method="post" action="\/keys\/sandbox-prod\/Admin"/);
    assert.match(html, /<option value="43200" selected>12h<\/option>/);
    assert.match(html, new RegExp(`these keys work only against the Roleport sandbox STS at <code>${app.url}/sandbox/sts</code>`));
  });

  test("issues alice's keys and shows them in every format with their expiry; the AWS CLI gets the same assumed-role ARN", async () => {
    const client = await signedIn(app, 'alice');
    const { response, html } = await issue(client, ADMIN);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.match(html, /<code class="issued-arn">arn:aws:sts::111111111111:assumed-role\/Admin\/alice<\/code>/);
    for (const label of ['bash / zsh', 'fish', 'PowerShell', 'Windows cmd', '~/.aws/credentials profile', '~/.aws/config profile', 'credential_process JSON', '.env'])
      assert.ok(html.includes(`<h2>${label}</h2>`), label);
    assert.match(html, /<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ" data-expires>/);
    assert.match(html, /<span class="countdown" data-countdown>\(in 12 hours\)<\/span>/);
    assert.equal([...html.matchAll(/data-expires/g)].length, 1, 'the expiry is said once, not per format');
    assert.match(html, /<dt>Region<\/dt><dd><code>us-east-1<\/code><\/dd>/);
    assert.match(html, /^export AWS_REGION=&#39;us-east-1&#39;\nexport AWS_DEFAULT_REGION=&#39;us-east-1&#39;$/m);
    assert.match(html, /^\$Env:AWS_DEFAULT_REGION = &#39;us-east-1&#39;$/m);
    assert.match(html, /^aws_session_token = \S+\nregion = us-east-1$/m, 'the config profile names the region');
    for (const id of ['bash', 'fish', 'powershell', 'cmd', 'credentials', 'config', 'credential-process', 'dotenv'])
      assert.ok(html.includes(`data-copy-from="format-${id}-text"`) && html.includes(`<code id="format-${id}-text">`), `a copy button for ${id}`);
    assert.match(html, new RegExp(`export AWS_ENDPOINT_URL_STS=&#39;${app.url}/sandbox/sts&#39;`));
    assert.match(html, new RegExp(`aws sts get-caller-identity --endpoint-url ${app.url}/sandbox/sts`));

    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: dir,
      AWS_ACCESS_KEY_ID: hiddenField(html, 'accessKeyId')!,
      AWS_SECRET_ACCESS_KEY: hiddenField(html, 'secretAccessKey')!,
      AWS_SESSION_TOKEN: hiddenField(html, 'sessionToken')!,
      AWS_CONFIG_FILE: join(dir, 'none'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'),
      AWS_EC2_METADATA_DISABLED: 'true',
      // No default region on this machine: the page's exports bring it.
      ...Object.fromEntries([...html.matchAll(/^export (AWS_(?:DEFAULT_)?REGION)=&#39;([a-z0-9-]+)&#39;$/gm)].map((m) => [m[1], m[2]])),
    };
    assert.equal((env as Record<string, string>).AWS_DEFAULT_REGION, 'us-east-1');
    await writeFile(join(dir, 'none'), '');
    const { stdout } = await run('/usr/bin/aws', ['sts', 'get-caller-identity', '--endpoint-url', `${app.url}/sandbox/sts`, '--output', 'json'], { env });
    assert.equal(JSON.parse(stdout).Arn, 'arn:aws:sts::111111111111:assumed-role/Admin/alice');
    assert.ok(!app.logs.join('\n').includes(env.AWS_SECRET_ACCESS_KEY), 'the secret key is not in the log');
    assert.ok(!app.logs.join('\n').includes(env.AWS_SESSION_TOKEN), 'the session token is not in the log');
  });

  test('audits the issuance with who, which role, the session and the STS request id', async () => {
    const client = await signedIn(app, 'alice');
    await issue(client, ADMIN, { duration: '3600' });
    const event = auditEvents().filter((e) => e.event === 'credentials.issued').at(-1);
    assert.equal(event.actor.username, 'alice');
    assert.equal(event.target.arn, 'arn:aws:iam::111111111111:role/Admin');
    assert.equal(event.details.method, 'assume-role');
    assert.equal(event.details.durationSeconds, 3600);
    assert.equal(event.details.sessionName, 'alice');
    assert.equal(event.details.sourceIdentity, 'alice');
    assert.match(event.details.stsRequestId, /\w{8,}/);
    assert.equal(event.client.ip, '127.0.0.1');
  });

  test('downloads one format as a file from the keys on the page, without a second STS call', async () => {
    const client = await signedIn(app, 'alice');
    const { html } = await issue(client, ADMIN);
    const issuedBefore = auditEvents().filter((e) => e.event === 'credentials.issued').length;
    const form = Object.fromEntries(['_csrf', 'accessKeyId', 'secretAccessKey', 'sessionToken', 'expiration'].map((name) => [name, hiddenField(html, name)!]));
    const response = await client.post(`${ADMIN}/download`, { ...form, format: 'credential-process' });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.equal(response.headers.get('content-disposition'), 'attachment; filename="sandbox-prod-Admin-credential-process.json"');
    const json = (await response.json()) as { Version: number; AccessKeyId: string; Expiration: string };
    assert.equal(json.Version, 1);
    assert.equal(json.AccessKeyId, form.accessKeyId);
    assert.match(json.Expiration, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const bash = await client.post(`${ADMIN}/download`, { ...form, format: 'bash' });
    assert.equal(bash.headers.get('content-disposition'), 'attachment; filename="sandbox-prod-Admin-credentials.sh"');
    assert.match(await bash.text(), /^export AWS_SESSION_TOKEN='/m);
    assert.equal(auditEvents().filter((e) => e.event === 'credentials.issued').length, issuedBefore);
    const unknown = await client.post(`${ADMIN}/download`, { ...form, format: 'yaml' });
    assert.equal(unknown.status, 400);
  });

  test('refuses to issue without the CSRF token', async () => {
    const client = await signedIn(app, 'alice');
    const response = await client.post(ADMIN, {});
    assert.equal(response.status, 403);
  });

  test('gives bob 403 on an alice-only role', async () => {
    const client = await signedIn(app, 'bob');
    assert.equal((await client.get(ADMIN)).status, 403);
    const csrf = hiddenField(await (await client.get('/')).text(), '_csrf')!;
    assert.equal((await client.post(ADMIN, { _csrf: csrf })).status, 403);
  });

  test('sends a signed-out visitor to the login page and back', async () => {
    const response = await createClient(app.url).get(ADMIN);
    assert.equal(response.status, 302);
    assert.equal(response.headers.get('location'), `/login?next=${encodeURIComponent(ADMIN)}`);
  });
});

describe('a refused issuance', () => {
  let locked: TestApp;
  before(async () => {
    const secrets = demoSecrets();
    locked = await startTestApp({
      env: secrets,
      config: (url) => {
        const config = demoConfig(url, 3000, demoAccessKeyId()) as { roles: unknown[]; rules: unknown[]; sandbox: { roles: unknown[] } };
        config.roles.push({ account: 'sandbox-prod', name: 'Locked', description: 'Trusts someone else' });
        config.sandbox.roles.push({
          account: '111111111111',
          name: 'Locked',
          trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:user/someone-else' }, Action: 'sts:AssumeRole' }] },
        });
        config.rules.push({ groups: ['aws-admins'], grant: ['sandbox-prod/Locked'] });
        return config;
      },
    });
  });
  after(() => locked.close());

  test("shows alice AWS's refusal in words she can pass on, with the STS request id, and audits it", async () => {
    const client = await signedIn(locked, 'alice');
    const { response, html } = await issue(client, '/keys/sandbox-prod/Locked');
    assert.equal(response.status, 502);
    assert.match(html, /AWS refused AssumeRole for sandbox-prod\/Locked: this role&#39;s trust policy does not allow Roleport to assume it/);
    assert.match(html, /STS request id: [\w-]{8,}/);
    const refused = locked.logs.map((line) => JSON.parse(line)).filter((entry) => entry.audit?.event === 'credentials.refused').at(-1)?.audit;
    assert.equal(refused.actor.username, 'alice');
    assert.equal(refused.target.role, 'Locked');
    assert.match(refused.reason, /^sts_access_denied: AWS refused AssumeRole/);
  });
});

describe('a role with a region of its own', () => {
  let regional: TestApp;
  before(async () => {
    regional = await startTestApp({
      env: demoSecrets(),
      config: (url) => {
        const config = demoConfig(url, 3000, demoAccessKeyId()) as { roles: { name: string; account: string; region?: string }[] };
        config.roles.find((role) => role.account === 'sandbox-dev' && role.name === 'Developer')!.region = 'eu-west-1';
        return config;
      },
    });
  });
  after(() => regional.close());

  test('its keys name that region in the exports, the config profile and the renewing profile', async () => {
    const { response, html } = await issue(await signedIn(regional, 'bob'), '/keys/sandbox-dev/Developer');
    assert.equal(response.status, 200);
    assert.match(html, /^export AWS_DEFAULT_REGION=&#39;eu-west-1&#39;$/m);
    assert.match(html, /^AWS_REGION=eu-west-1$/m, 'the .env format too');
    assert.match(html, /^region = eu-west-1<\/code><\/pre>/m, 'the profile that renews itself');
    assert.doesNotMatch(html, /us-east-1/);
  });
});
