// One endpoint of AWS's query protocol (STS, IAM): reads the raw body, authenticates signed actions
// with SigV4 for the service, dispatches to the service's action registry, answers in its XML with
// x-amzn-RequestId and an accurate Date.
import express, { type Request, type RequestHandler, type Response } from 'express';
import { requestId as newRequestId } from './ids.ts';
import type { SandboxState } from './state.ts';
import type { StsAction } from './sts/actions/types.ts';
import { type SigningService, authenticate } from './sts/authenticate.ts';
import { StsError, internalFailure } from './sts/errors.ts';
import { StsParams } from './sts/params.ts';
import { errorXml, resultXml } from './sts/xml.ts';
import { splitUrl } from './url-parts.ts';

export type QueryService = {
  /** The SigV4 service name in the credential scope. */
  service: SigningService;
  /** The API version clients send (`Version=`). */
  version: string;
  /** The XML namespace of answers. */
  namespace: string;
  findAction(name: string): StsAction | undefined;
};

// The largest legitimate body is an AssumeRoleWithSAML call (a 100,000-character assertion, escaped).
const readRawBody = express.raw({ type: () => true, limit: '512kb' });

export function queryEndpoint(service: QueryService, state: SandboxState, onInternalError: (error: unknown) => void): RequestHandler {
  return async (req, res) => {
    const id = newRequestId();
    try {
      const body = await rawBody(req, res);
      const { path, query: queryString } = splitUrl(req.originalUrl);
      const query = new URLSearchParams(queryString);
      const params = new StsParams(req.method === 'POST' ? new URLSearchParams(body.toString('utf8')) : query);
      const actionName = params.get('Action');
      const action = actionName === undefined ? undefined : service.findAction(actionName);
      const caller = action && !action.signed
        ? undefined
        : await authenticate({ method: req.method, path, query: queryObject(query), headers: headerRecord(req), body }, state, service.service);
      if (actionName === undefined) throw new StsError(400, 'MissingAction', 'Missing Action');
      const version = params.get('Version');
      if (!action || (version !== undefined && version !== service.version))
        throw new StsError(400, 'InvalidAction', `Could not find operation ${actionName} for version ${version ?? service.version}`);
      const now = state.clock();
      const result = await action.handle({
        params,
        caller,
        state,
        now,
        requestId: id,
        facts: { now, sourceIp: req.ip ?? req.socket.remoteAddress, secureTransport: req.secure },
      });
      send(res, state, 200, resultXml(service.namespace, actionName, result, id), id);
    } catch (error) {
      const known = error instanceof StsError ? error : internalFailure();
      if (!(error instanceof StsError)) onInternalError(error);
      send(res, state, known.status, errorXml(service.namespace, known, id), id);
    }
  };
}

function send(res: Response, state: SandboxState, status: number, xml: string, id: string): void {
  const body = Buffer.from(xml, 'utf8');
  res.status(status);
  res.setHeader('x-amzn-RequestId', id);
  res.setHeader('Date', state.clock().toUTCString());
  res.setHeader('Content-Type', 'text/xml');
  res.setHeader('Content-Length', body.length);
  res.setHeader('Cache-Control', 'no-store');
  res.end(body);
}

function rawBody(req: Request, res: Response): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    readRawBody(req, res, (error?: unknown) => {
      if (error) {
        const status = (error as { status?: number }).status;
        reject(status === 413 ? new StsError(413, 'RequestEntityTooLarge', 'Request body is too large') : new StsError(400, 'MalformedQueryString', 'The request body could not be read'));
        return;
      }
      if (Buffer.isBuffer(req.body)) resolve(req.body);
      else if (req.body !== undefined) reject(new Error('the sandbox router must be mounted before any body parser: the SigV4 signature covers the raw body'));
      else resolve(Buffer.alloc(0));
    });
  });
}

function headerRecord(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return out;
}

function queryObject(query: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of query) {
    const existing = out[key];
    out[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return out;
}
