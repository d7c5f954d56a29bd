// pino-http access log: cookies, Authorization and query values that can carry codes, tokens or
// SAML messages never reach the log.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../log.ts';

const SENSITIVE_QUERY = /^(code|user_code|device_code|state|nonce|token|id_token|access_token|samlrequest|samlresponse|relaystate|signature|sigalg|signintoken|session|sandboxsession|password|secret|x-amz-.*)$/i;

/** The URL with sensitive query values replaced; the names stay, for debugging. */
export function redactUrl(url: string | undefined): string {
  if (!url) return '';
  const question = url.indexOf('?');
  if (question < 0) return url;
  const params = new URLSearchParams(url.slice(question + 1));
  const kept: string[] = [];
  for (const [name, value] of params) kept.push(`${encodeURIComponent(name)}=${SENSITIVE_QUERY.test(name) ? '[Redacted]' : encodeURIComponent(value)}`);
  return `${url.slice(0, question)}?${kept.join('&')}`;
}

export function requestLogger(logger: Logger) {
  return pinoHttp({
    logger,
    serializers: {
      req: (req: IncomingMessage & { id?: unknown; originalUrl?: string }) => ({ id: req.id, method: req.method, url: redactUrl(req.originalUrl ?? req.url), remoteAddress: req.socket?.remoteAddress }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/static/') },
  });
}
