// A small browser stand-in for sign-in flows across Roleport (http) and the provider (https, test CA):
// a cookie jar (host, path, secure), manual redirects, and the provider's dev login form.
import { Agent, fetch } from 'undici';
import { OIDC_USERS } from '../oidc-provider.ts';

type Cookie = { name: string; value: string; host: string; path: string; secure: boolean };

export type BrowserResponse = { status: number; url: string; location?: string; text: string; headers: Headers };

export type Browser = {
  get(url: string): Promise<BrowserResponse>;
  post(url: string, form: Record<string, string>): Promise<BrowserResponse>;
  /** Follows redirects from `response` while `until` (default: always) says so; returns the last response. */
  follow(response: BrowserResponse, until?: (next: URL) => boolean): Promise<BrowserResponse>;
  cookieNames(): string[];
};

export function createBrowser(options: { ca?: string } = {}): Browser {
  const dispatcher = new Agent({ connect: options.ca ? { ca: options.ca } : {} });
  let cookies: Cookie[] = [];

  const cookieHeader = (url: URL) =>
    cookies
      .filter((c) => c.host === url.hostname && url.pathname.startsWith(c.path) && (!c.secure || url.protocol === 'https:'))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');

  const remember = (url: URL, headers: Headers) => {
    for (const line of headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';').map((part) => part.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const attr = new Map(attributes.map((a) => {
        const i = a.indexOf('=');
        return i < 0 ? [a.toLowerCase(), ''] : [a.slice(0, i).toLowerCase(), a.slice(i + 1)];
      }));
      const path = attr.get('path') || '/';
      cookies = cookies.filter((c) => !(c.name === name && c.host === url.hostname && c.path === path));
      const expired = attr.get('max-age') === '0' || (attr.has('expires') && Date.parse(attr.get('expires') as string) < Date.now());
      if (!expired) cookies.push({ name, value, host: url.hostname, path, secure: attr.has('secure') });
    }
  };

  const request = async (url: string, init: { method: string; body?: string }) => {
    const target = new URL(url);
    const headers: Record<string, string> = { accept: 'text/html' };
    const cookie = cookieHeader(target);
    if (cookie) headers.cookie = cookie;
    if (init.body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(target, { method: init.method, body: init.body, headers, redirect: 'manual', dispatcher });
    remember(target, response.headers as unknown as Headers);
    const location = response.headers.get('location');
    return {
      status: response.status,
      url: target.href,
      location: location ? new URL(location, target).href : undefined,
      text: await response.text(),
      headers: response.headers as unknown as Headers,
    };
  };

  const browser: Browser = {
    get: (url) => request(url, { method: 'GET' }),
    post: (url, form) => request(url, { method: 'POST', body: new URLSearchParams(form).toString() }),
    async follow(response, until = () => true) {
      let current = response;
      for (let hops = 0; current.location && hops < 20; hops += 1) {
        if (!until(new URL(current.location))) break;
        current = await browser.get(current.location);
      }
      return current;
    },
    cookieNames: () => cookies.map((c) => c.name),
  };
  return browser;
}

/** Signs in as `username` (alice, bob) at the provider's dev login form shown by `page` (any password works). */
export async function submitProviderLogin(browser: Browser, page: BrowserResponse, username: string): Promise<BrowserResponse> {
  // The dev form's login is the account id, which the provider sends as `sub`.
  const login = OIDC_USERS[username]?.sub ?? username;
  const action = /<form[^>]*action="([^"]+)"/.exec(page.text)?.[1];
  if (!action || !page.text.includes('name="login"')) throw new Error(`not the provider's login form: ${page.url} (${page.status})`);
  return browser.post(new URL(action.replaceAll('&amp;', '&'), page.url).href, { prompt: 'login', login, password: 'any password' });
}
