// Malformed requests are the sender's doing: they answer 400, 413 or 415 with a message that says
// what was wrong, never 500. A path whose percent-encoding is not UTF-8 is refused before any route
// reads it; what the body parsers refuse (too many form fields, a body that is not the gzip, deflate,
// br or zstd its Content-Encoding claims, a body over the limit) is named by the error handler.
import type { NextFunction, Request, Response } from 'express';
import { RoleportError } from '../errors.ts';

/** zlib's, brotli's and zstd's error codes for a body that does not decompress. */
const DECOMPRESSION_FAILED = /^(Z_|ZSTD_|ERR_BROTLI|ERR__ERROR_FORMAT)/;

const pathMalformed = (cause?: unknown) => new RoleportError({ status: 400, code: 'path_malformed', message: 'the address holds a malformed percent-encoding (a %XX sequence that is not UTF-8)', cause });

/** Refuses a path that cannot be decoded, whichever route (or none) would have served it. */
export function refuseMalformedPath(req: Request, _res: Response, next: NextFunction): void {
  try {
    decodeURIComponent(req.path);
  } catch (error) {
    return next(pathMalformed(error));
  }
  next();
}

/** The RoleportError for what a body parser or the router refused, when it is the request's fault. */
export function malformedRequestError(error: unknown, req: Request): RoleportError | undefined {
  const e = error as { type?: string; code?: string; status?: number; expose?: boolean } | undefined;
  if (!e || typeof e !== 'object') return undefined;
  switch (e.type) {
    case 'parameters.too.many':
      return new RoleportError({ status: 413, code: 'too_many_fields', message: 'the form has more fields than Roleport reads', cause: error });
    case 'entity.too.large':
      return new RoleportError({ status: 413, code: 'too_large', message: 'the request is larger than Roleport accepts', cause: error });
    case 'encoding.unsupported':
      return new RoleportError({ status: 415, code: 'encoding_unsupported', message: 'the request body\u2019s Content-Encoding is not one Roleport reads (gzip, deflate, br, zstd or none)', cause: error });
    case 'charset.unsupported':
    case 'entity.parse.failed':
    case 'querystring.parse.rangeError':
      return new RoleportError({ status: 400, code: 'bad_request', message: 'the request body could not be read', cause: error });
  }
  if (DECOMPRESSION_FAILED.test(e.code ?? ''))
    return new RoleportError({ status: 400, code: 'body_encoding_invalid', message: `the request body is not valid ${(req.get('content-encoding') ?? '').slice(0, 20)} data, as its Content-Encoding says`, cause: error });
  if (error instanceof URIError) return pathMalformed(error);
  // Anything else a library marks as the client's fault (an aborted upload, a wrong length).
  if (e.expose === true && typeof e.status === 'number' && e.status >= 400 && e.status < 500)
    return new RoleportError({ status: 400, code: 'bad_request', message: 'the request could not be read', cause: error });
  return undefined;
}
