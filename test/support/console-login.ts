// A console link's answer goes through the console logout first (aws.consoleLogout): its
// redirect_uri is the federation endpoint's Action=login URL.
import assert from 'node:assert/strict';

/** The Action=login URL inside a console redirect, checking the logout around it when there is one. */
export function consoleLoginUrl(location: string): URL {
  const url = new URL(location);
  if (!url.pathname.endsWith('/oauth')) return url;
  assert.equal(url.searchParams.get('Action'), 'logout');
  return new URL(url.searchParams.get('redirect_uri') ?? '');
}
