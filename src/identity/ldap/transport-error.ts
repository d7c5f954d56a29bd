// Tells a directory that cannot be reached apart from a directory that answered, and names the problem.
import { ldaptsIfLoaded } from './ldapts-library.ts';

/** No configured server could be used; `problems` says why, server by server (no secrets). */
export class DirectoryUnreachableError extends Error {
  readonly problems: { url: string; problem: string }[];
  constructor(problems: { url: string; problem: string }[], options?: { cause?: unknown }) {
    super(`no LDAP server could be used: ${problems.map((p) => `${p.url}: ${p.problem}`).join('; ')}`, options);
    this.name = 'DirectoryUnreachableError';
    this.problems = problems;
  }
}

const CERTIFICATE_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'INVALID_CA',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** True when the error means "the server could not be used" rather than "the server said no". */
export function isTransportError(error: unknown): boolean {
  const ldapts = ldaptsIfLoaded();
  if (!ldapts) return true;
  if (error instanceof ldapts.BusyError || error instanceof ldapts.UnavailableError) return true;
  return !(error instanceof ldapts.ResultCodeError);
}

/** A short, secret-free description of why a server could not be used, for the log. */
export function describeTransportError(error: unknown): string {
  // Node errors carry a string code; ldapts result errors a number (the LDAP result code).
  const rawCode = (error as { code?: unknown } | undefined)?.code;
  const code = typeof rawCode === 'string' ? rawCode : undefined;
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  if (code && CERTIFICATE_CODES.has(code)) return `TLS certificate problem: ${code} (${message}); check tls.ca and the server's certificate`;
  if (code?.startsWith('ERR_SSL_') || code?.startsWith('ERR_TLS_')) return `TLS handshake failed: ${code} (${message})`;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `host name not found (${code})`;
  if (code) return `${code}: ${message}`;
  const ldapts = ldaptsIfLoaded();
  if (ldapts && (error instanceof ldapts.BusyError || error instanceof ldapts.UnavailableError)) return `server busy or unavailable (LDAP result ${error.code})`;
  if (/Connection timeout/i.test(message)) return 'connect timed out';
  if (/timed out/i.test(message)) return 'no answer in time (operation timeout)';
  if (ldapts && error instanceof ldapts.ResultCodeError) return `LDAP result ${error.code}: ${message}`;
  return message;
}
