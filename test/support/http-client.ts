// A small cookie-jar HTTP client over fetch that never follows redirects by itself, so tests see
// every hop a browser would take. `localAddress` makes it connect from another loopback address
// (127.0.0.2, ...), so Roleport sees another client address.
import { Agent, fetch as undiciFetch } from 'undici';

export type Client = {
  cookies: Map<string, string>;
  get(path: string, init?: RequestInit): Promise<Response>;
  post(path: string, form: Record<string, string>, init?: RequestInit): Promise<Response>;
  /** Reads the `_csrf` hidden field from a page. */
  csrfToken(path?: string): Promise<string>;
  /** Signs in through the login form; resolves to the response of POST /login. */
  login(username: string, password: string, source?: string, next?: string): Promise<Response>;
  /** Follows redirects from `response`, keeping cookies; resolves to the last response. */
  follow(response: Response, maxHops?: number): Promise<Response>;
};

export function hiddenField(html: string, name: string): string | undefined {
  const match = new RegExp(`name="${name}"\\s+value="([^"]*)"`).exec(html) ?? new RegExp(`value="([^"]*)"\\s+name="${name}"`).exec(html);
  return match?.[1].replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

export type ClientOptions = { localAddress?: string };

export function createClient(baseUrl: string, options: ClientOptions = {}): Client {
  const cookies = new Map<string, string>();
  const agent = options.localAddress ? new Agent({ localAddress: options.localAddress }) : undefined;
  const request = (url: string, init: RequestInit): Promise<Response> =>
    agent ? (undiciFetch(url, { ...(init as object), dispatcher: agent }) as unknown as Promise<Response>) : fetch(url, init);

  const absolute = (path: string) => new URL(path, baseUrl).toString();
  const remember = (response: Response) => {
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a)) || attributes.some((a) => /^\s*max-age=0/i.test(a));
      if (expired || value === '') cookies.delete(name);
      else cookies.set(name, value);
    }
  };
  const send = async (url: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    const target = new URL(url);
    if (cookies.size > 0 && target.origin === new URL(baseUrl).origin) headers.set('cookie', [...cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await request(url, { ...init, headers, redirect: 'manual' });
    if (target.origin === new URL(baseUrl).origin) remember(response);
    return response;
  };

  const client: Client = {
    cookies,
    get: (path, init) => send(absolute(path), { ...init, method: 'GET' }),
    post: (path, form, init) =>
      send(absolute(path), {
        ...init,
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(init?.headers as Record<string, string> | undefined) },
        body: new URLSearchParams(form).toString(),
      }),
    async csrfToken(path = '/login') {
      const html = await (await client.get(path)).text();
      const token = hiddenField(html, '_csrf');
      if (!token) throw new Error(`no _csrf field on ${path}`);
      return token;
    },
    async login(username, password, source, next) {
      const form: Record<string, string> = { _csrf: await client.csrfToken('/login'), username, password };
      if (source) form.source = source;
      if (next) form.next = next;
      return client.post('/login', form);
    },
    async follow(response, maxHops = 10) {
      let current = response;
      for (let hop = 0; hop < maxHops && current.status >= 300 && current.status < 400; hop++) {
        const location = current.headers.get('location');
        if (!location) break;
        current = await send(new URL(location, current.url || baseUrl).toString());
      }
      return current;
    },
  };
  return client;
}
