// Roleport with a SAML source whose IdP is the test's own forge (test/peers/saml/forge.ts): the test
// signs whatever answers it needs, as the IdP or as an intruder, and posts them to the ACS.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { makeCertificate } from '../peers/simplesamlphp.ts';
import { type ForgeOptions, type Signer, forgeResponse } from '../peers/saml/forge.ts';
import { type TestApp, startTestApp } from '../support/app.ts';
import { TEST_ENV } from '../support/fixtures.ts';
import { type Client, hiddenField } from '../support/http-client.ts';

export const IDP_ISSUER = 'https://idp.test/metadata';
export const IDP_SSO = 'https://idp.test/sso';
export const ALICE = { uid: 'alice', displayName: 'Alice Admin', memberOf: ['cn=aws-admins,ou=groups,dc=example,dc=org'] };
export const MALLORY = { uid: 'mallory', displayName: 'Mallory', memberOf: ['cn=developers,ou=groups,dc=example,dc=org'] };

export type ForgedIdp = {
  app: TestApp;
  idp: Signer;
  intruder: Signer;
  /** A response for the `corp` source, signed as the IdP unless another signer is given. */
  answer(options: Partial<ForgeOptions>, signer?: Signer): string;
  audits(event: string): any[];
  close(): Promise<void>;
};

export async function startForgedIdp(sourceOverrides: Record<string, unknown> = {}): Promise<ForgedIdp> {
  const dir = mkdtempSync(join(tmpdir(), 'roleport-security-saml-'));
  const idp = makeCertificate(dir, 'idp');
  const intruder = makeCertificate(dir, 'intruder');
  const app = await startTestApp({
    env: TEST_ENV,
    config: {
      session: { secret: 'env:TEST_SESSION_SECRET' },
      identity: [{ id: 'corp', type: 'saml', label: 'Corp IdP', entryPoint: IDP_SSO, idpIssuer: IDP_ISSUER, idpCertificates: [idp.certPath], ...sourceOverrides }],
      accounts: [{ id: '111111111111', name: 'prod' }],
      roles: [{ account: 'prod', name: 'Admin' }],
      rules: [{ groups: ['aws-admins'], grant: ['prod/Admin'] }],
    },
  });
  const acs = `${app.url}/saml/corp/acs`;
  return {
    app,
    idp,
    intruder,
    answer: (options, signer = idp) => forgeResponse({ issuer: IDP_ISSUER, audience: `${app.url}/saml/corp`, recipient: acs, destination: acs, attributes: ALICE, ...options }, signer),
    audits: (event) => app.logs.map((line) => JSON.parse(line)).filter((entry) => entry.audit?.event === event).map((entry) => entry.audit),
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Starts an SP-initiated sign-in in `browser`; resolves to the AuthnRequest's ID and the RelayState sent to the IdP. */
export async function startSpLogin(browser: Client, next = '/'): Promise<{ requestId: string; relayState: string }> {
  const response = await browser.get(`/saml/corp/login?next=${encodeURIComponent(next)}`);
  const location = new URL(response.headers.get('location') ?? '');
  if (response.status !== 302 || !location.href.startsWith(IDP_SSO)) throw new Error(`expected a redirect to the IdP, got ${response.status} ${location.href}`);
  const request = inflateRawSync(Buffer.from(location.searchParams.get('SAMLRequest') ?? '', 'base64')).toString('utf8');
  const requestId = /\sID="([^"]+)"/.exec(request)?.[1];
  if (!requestId) throw new Error(`no ID in the AuthnRequest: ${request}`);
  return { requestId, relayState: location.searchParams.get('RelayState') ?? '' };
}

/**
 * Posts an answer to the ACS as a browser would, following Roleport's "post again" page once (its
 * script re-posts the form from Roleport's own origin when the binding cookie did not come along).
 */
export async function postAnswer(browser: Client, fields: Record<string, string>): Promise<{ response: Response; postedAgain: boolean }> {
  const first = await browser.post('/saml/corp/acs', fields);
  if (first.status !== 200) return { response: first, postedAgain: false };
  const html = await first.text();
  if (!/data-auto-submit/.test(html)) throw new Error(`unexpected ACS page: ${html.slice(0, 200)}`);
  const again: Record<string, string> = { SAMLResponse: hiddenField(html, 'SAMLResponse') ?? '', postedAgain: hiddenField(html, 'postedAgain') ?? '' };
  const relayState = hiddenField(html, 'RelayState');
  if (relayState !== undefined) again.RelayState = relayState;
  return { response: await browser.post('/saml/corp/acs', again), postedAgain: true };
}
