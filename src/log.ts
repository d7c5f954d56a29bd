// The one logger: pino JSON, with secrets redacted in every environment.
import { pino, type Logger, type LoggerOptions } from 'pino';
import { currentRequestId } from './request-context.ts';

/** Paths pino replaces with [Redacted] wherever they appear in a log line. */
export const REDACT_PATHS = [
  'password',
  '*.password',
  'secret',
  '*.secret',
  'secretAccessKey',
  '*.secretAccessKey',
  '*.SecretAccessKey',
  'sessionToken',
  '*.sessionToken',
  '*.SessionToken',
  'token',
  '*.token',
  'idToken',
  '*.idToken',
  'assertion',
  '*.assertion',
  'SAMLResponse',
  '*.SAMLResponse',
  'signinUrl',
  '*.signinUrl',
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-amz-security-token"]',
  'res.headers["set-cookie"]',
];

export type { Logger };

/**
 * Query parameters whose values never reach a log: sign-in protocol values (OAuth codes and state,
 * SAML messages and signatures, sign-in tokens, console sessions), the STS query protocol's
 * WebIdentityToken, SAMLAssertion, ExternalId, TokenCode and SerialNumber, SigV4's X-Amz-* values,
 * and any name that says token, assertion, secret, password or code.
 */
const SENSITIVE_QUERY_NAME = /token|assertion|secret|password|code|^(state|nonce|samlrequest|samlresponse|relaystate|signature|sigalg|session|sandboxsession|externalid|serialnumber|redirect_uri|x-amz-.*)$/i;

/** The URL with sensitive query values replaced; the names stay, for debugging. Every logged URL goes through here. */
export function redactUrl(url: string | undefined): string {
  if (!url) return '';
  const question = url.indexOf('?');
  if (question < 0) return url;
  const params = new URLSearchParams(url.slice(question + 1));
  const kept: string[] = [];
  for (const [name, value] of params) kept.push(`${encodeURIComponent(name)}=${SENSITIVE_QUERY_NAME.test(name) ? '[Redacted]' : encodeURIComponent(value)}`);
  return `${url.slice(0, question)}?${kept.join('&')}`;
}

export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  const config: LoggerOptions = {
    level: options.level ?? 'info',
    base: { service: 'roleport' },
    redact: { paths: REDACT_PATHS, censor: '[Redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Every line written while serving a request names it, whichever logger wrote it.
    mixin: () => {
      const requestId = currentRequestId();
      return requestId ? { requestId } : {};
    },
  };
  return options.destination ? pino(config, options.destination as pino.DestinationStream) : pino(config);
}
