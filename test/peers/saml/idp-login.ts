// Drives SimpleSAMLphp's login form over HTTP, as a browser would, up to the auto-posting form that
// carries the SAMLResponse (or SAMLRequest/SAMLResponse of a logout) to the service provider.
import { createClient, type Client } from '../../support/http-client.ts';

export type PostedForm = { action: string; fields: Record<string, string> };

const decode = (value: string) => value.replace(/&quot;/g, '"').replace(/&#0?39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Reads an HTML form's action and hidden fields (SimpleSAMLphp's POST-binding page). */
export function readPostForm(html: string): PostedForm | undefined {
  const action = /<form[^>]*action="([^"]*)"/i.exec(html)?.[1];
  if (!action) return undefined;
  const fields: Record<string, string> = {};
  for (const input of html.matchAll(/<input[^>]*>/gi)) {
    const name = /name="([^"]*)"/i.exec(input[0])?.[1];
    const value = /value="([^"]*)"/i.exec(input[0])?.[1];
    if (name && value !== undefined) fields[decode(name)] = decode(value);
  }
  return { action: decode(action), fields };
}

/** A browser-like session at the IdP: its own cookie jar. */
export function createIdpBrowser(idpUrl: string): Client {
  return createClient(idpUrl);
}

/**
 * From an IdP URL (SP-initiated redirect or IdP-initiated link): logs in with the form when asked,
 * and returns the form the IdP posts to the SP.
 */
export async function loginAtIdp(idp: Client, url: string, username: string, password: string): Promise<PostedForm> {
  let response = await idp.follow(await idp.get(url));
  let html = await response.text();
  if (/name="password"/.test(html)) {
    const authState = /name="AuthState"\s+value="([^"]*)"/.exec(html)?.[1];
    if (!authState) throw new Error('the IdP login form has no AuthState');
    response = await idp.follow(await idp.post(response.url, { username, password, AuthState: decode(authState) }));
    html = await response.text();
  }
  const form = readPostForm(html);
  if (!form || (!form.fields.SAMLResponse && !form.fields.SAMLRequest)) throw new Error(`the IdP did not answer with a SAML form (HTTP ${response.status}): ${html.slice(0, 800)}`);
  return form;
}
