// The name a direct bind uses: the DN template with the username DN-escaped, or username@upnSuffix.
import { fillDn } from './dn-escape.ts';

export type DirectBindSettings = { dnTemplate?: string; upnSuffix?: string };

/**
 * The bind name and the username to look the entry up with, or undefined when the username
 * cannot be one of this directory's (a UPN in another domain, say).
 */
export function directBindName(settings: DirectBindSettings, username: string): { name: string; username: string } | undefined {
  if (settings.dnTemplate) return { name: fillDn(settings.dnTemplate, { username }), username };
  if (!settings.upnSuffix) return undefined;
  const suffix = `@${settings.upnSuffix}`;
  // People often type the whole UPN; accept it for this domain only.
  const bare = username.toLowerCase().endsWith(suffix.toLowerCase()) ? username.slice(0, -suffix.length) : username;
  if (bare === '' || bare.includes('@')) return undefined;
  return { name: `${bare}${suffix}`, username: bare };
}
