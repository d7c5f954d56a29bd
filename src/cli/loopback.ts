// Which Roleport URLs may be plain http: only those that never leave this machine.
import { isIPv4 } from 'node:net';

/**
 * True for a URL hostname (as `new URL()` gives it, IPv4 already in dotted decimal) that is this
 * machine: `localhost`, an address of 127.0.0.0/8, or `[::1]`. A name that merely starts with
 * `127.` (127.0.0.1.example.com) is someone else's host.
 */
export function isLoopbackHost(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]') return true;
  return isIPv4(hostname) && hostname.split('.')[0] === '127';
}
