// What a browser does against Roleport, reduced to HTTP: a cookie jar, the login form with its CSRF
// token, and the device approval that gives the bench a bearer token for the API.
import { type Dispatcher, request } from 'undici';

export type Jar = Map<string, string>;

const CSRF = /name="_csrf" value="([^"]+)"/;

function keepCookies(jar: Jar, headers: Record<string, string | string[] | undefined>) {
  const raw = headers['set-cookie'];
  for (const line of Array.isArray(raw) ? raw : raw ? [raw] : []) {
    const [pair] = line.split(';');
    const eq = pair.indexOf('=');
    jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
}

const cookieHeader = (jar: Jar) => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');

export type Browser = {
  jar: Jar;
  get(path: string): Promise<{ status: number; text: string }>;
  post(path: string, form: Record<string, string>): Promise<{ status: number; text: string }>;
  /** The CSRF token of a page. */
  csrf(path: string): Promise<string>;
};

export function browser(base: string, dispatcher: Dispatcher): Browser {
  const jar: Jar = new Map();
  const send = async (path: string, options: { method: 'GET' | 'POST'; body?: string }) => {
    const headers: Record<string, string> = { cookie: cookieHeader(jar) };
    if (options.body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await request(`${base}${path}`, { method: options.method, body: options.body, headers, dispatcher });
    keepCookies(jar, res.headers);
    return { status: res.statusCode, text: await res.body.text() };
  };
  const self: Browser = {
    jar,
    get: (path) => send(path, { method: 'GET' }),
    post: (path, form) => send(path, { method: 'POST', body: new URLSearchParams(form).toString() }),
    async csrf(path) {
      const page = await self.get(path);
      const token = CSRF.exec(page.text)?.[1];
      if (!token) throw new Error(`no CSRF token on ${path} (HTTP ${page.status})`);
      return token;
    },
  };
  return self;
}

/** GET /login then POST /login; throws unless Roleport answers with the redirect of a sign-in. */
export async function signIn(b: Browser, source: string, username: string, password: string): Promise<void> {
  const csrf = await b.csrf('/login');
  const res = await b.post('/login', { _csrf: csrf, source, username, password });
  if (res.status !== 303) throw new Error(`sign-in of ${username} answered ${res.status}`);
}

/** A bearer token for the API, by the device flow approved in a signed-in browser. */
export async function apiToken(base: string, b: Browser, dispatcher: Dispatcher): Promise<string> {
  const json = async (path: string, body: unknown) => {
    const res = await request(`${base}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' }, dispatcher });
    return { status: res.statusCode, body: (await res.body.json()) as Record<string, string> };
  };
  const started = await json('/api/v1/device', { client_name: 'bench' });
  const csrf = await b.csrf(`/device?user_code=${encodeURIComponent(started.body.user_code)}`);
  const decided = await b.post('/device', { _csrf: csrf, user_code: started.body.user_code, decision: 'approve' });
  if (decided.status !== 200) throw new Error(`device approval answered ${decided.status}`);
  const token = await json('/api/v1/device/token', { device_code: started.body.device_code });
  if (!token.body.access_token) throw new Error(`device token answered ${token.status}`);
  return token.body.access_token;
}
