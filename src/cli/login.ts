// `roleport login --url U [--open]`: the device-style sign-in. Shows a page and a code (apart) on stderr,
// polls Roleport while the person approves in their browser, then keeps the token (0600).
import { setTimeout as sleep } from 'node:timers/promises';
import { withUsage } from './cli-args.ts';
import { ApiError, callApi, clientName, printable } from './http.ts';
import { openInBrowser } from './open-url.ts';
import { rememberUrl } from './remembered-url.ts';
import { forgetUrl, saveToken } from './token-file.ts';

const USAGE = `usage: roleport login --url URL [--open]

Signs this machine in to Roleport: open the page it shows, type the code and approve. The token
is kept in $XDG_CONFIG_HOME/roleport (or ~/.config/roleport), readable by you alone.

  --url URL   Roleport's address, remembered for the other commands (default: $ROLEPORT_URL)
  --open      also open the page in your browser
`;

type DeviceStart = { device_code: string; user_code: string; verification_uri: string; verification_uri_complete: string; expires_in: number; interval: number };
type TokenAnswer = { access_token: string; token_type: string; expires_in: number };
type Me = { username: string; displayName: string; tokenExpiresAt: string };

/** Polls until the grant is decided (RFC 8628 §3.4-3.5): waits `interval`, 5 s more after each slow_down. */
async function pollForToken(url: string, start: DeviceStart): Promise<TokenAnswer> {
  let interval = Math.max(1, start.interval);
  const deadline = Date.now() + start.expires_in * 1000;
  while (Date.now() < deadline) {
    await sleep(interval * 1000);
    try {
      return await callApi<TokenAnswer>(url, '/device/token', { method: 'POST', body: { device_code: start.device_code } });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.code === 'authorization_pending') continue;
      if (error.code === 'slow_down') {
        interval += 5;
        continue;
      }
      if (error.code === 'access_denied') throw new Error('the sign-in was denied in the browser');
      if (error.code === 'expired_token') throw new Error('the code expired before it was approved; run roleport login again');
      throw error;
    }
  }
  throw new Error('the code expired before it was approved; run roleport login again');
}

export const LOGIN_OPTIONS = { open: { type: 'boolean' } } as const;

/** The device sign-in: shows the page and the code, waits for the approval, keeps the token. */
export async function signIn(url: string, open: boolean): Promise<void> {
  const start = await callApi<DeviceStart>(url, '/device', { method: 'POST', body: { client_name: clientName() } });
  // The page and the code apart: the person types the code, so a link someone else sent cannot stand in for it.
  const [page, code] = [start.verification_uri, start.user_code].map((text) => printable(String(text)));
  process.stderr.write(`To sign in, open this page in your browser:\n\n  ${page}\n\nand type this code:\n\n  ${code}\n\nWaiting for your approval...\n`);
  if (open) await openInBrowser(page).catch((error: Error) => process.stderr.write(`(${error.message}; open the page yourself)\n`));
  const answer = await pollForToken(url, start);
  const me = await callApi<Me>(url, '/me', { token: answer.access_token });
  // A new sign-in replaces the old one and every key cached under it.
  await forgetUrl(url);
  await saveToken(url, { token: answer.access_token, expiresAt: me.tokenExpiresAt, username: me.username });
  await rememberUrl(url);
  process.stderr.write(`Signed in to ${url} as ${printable(me.displayName)} (${printable(me.username)}) until ${printable(me.tokenExpiresAt)}.\n`);
}

export async function runLogin(args: string[]): Promise<number> {
  return withUsage('login', USAGE, args, LOGIN_OPTIONS, async ({ url, values }) => {
    await signIn(url, values.open === true);
    return 0;
  });
}
