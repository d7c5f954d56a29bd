// The session cookie's name. Over https the default is `__Host-roleport.sid`: browsers accept a
// `__Host-` cookie only when it is Secure, Path=/ and has no Domain, so a sibling subdomain can
// neither set nor shadow it (cookie tossing).
export const DEFAULT_COOKIE_NAME = 'roleport.sid';
export const HOST_COOKIE_PREFIX = '__Host-';

export const servesHttps = (publicUrl: string | undefined): boolean => publicUrl?.startsWith('https:') ?? false;

/** The name a written `session.cookieName` (or none) stands for at this public URL. */
export function sessionCookieName(written: string | undefined, publicUrl: string | undefined): string {
  return written ?? (servesHttps(publicUrl) ? `${HOST_COOKIE_PREFIX}${DEFAULT_COOKIE_NAME}` : DEFAULT_COOKIE_NAME);
}

/** Why a written name cannot work: browsers drop `__Host-` and `__Secure-` cookies that are not Secure. */
export function cookieNameProblem(written: string | undefined, publicUrl: string | undefined): string | undefined {
  const prefix = /^(__Host-|__Secure-)/i.exec(written ?? '')?.[1];
  if (!prefix || servesHttps(publicUrl)) return undefined;
  return `a cookie named '${prefix}…' needs an https server.publicUrl (browsers accept it only with Secure); leave cookieName out to get '${HOST_COOKIE_PREFIX}${DEFAULT_COOKIE_NAME}' over https and '${DEFAULT_COOKIE_NAME}' over http`;
}
