// Authenticates an API call by its bearer token alone: a session cookie never counts here.
import type { NextFunction, Request, Response } from 'express';
import { RoleportError } from '../errors.ts';
import type { CliToken, CliTokens } from '../broker/index.ts';

/** The token of an authenticated call (after requireBearer). */
export function apiTokenOf(res: Response): CliToken {
  return res.locals.apiToken as CliToken;
}

const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]{1,512})$/;

export function requireBearer(tokens: CliTokens, publicUrl: string) {
  const refuse = (res: Response, code: string, message: string, invalid: boolean) => {
    // RFC 6750 §3: name the scheme; say "invalid_token" when a token was presented.
    res.set('WWW-Authenticate', invalid ? 'Bearer realm="roleport", error="invalid_token"' : 'Bearer realm="roleport"');
    return new RoleportError({ status: 401, code, message, detail: `Sign in again: roleport login --url ${publicUrl}` });
  };
  return async (req: Request, res: Response, next: NextFunction) => {
    const header = req.get('authorization');
    if (!header) throw refuse(res, 'token_required', 'this call needs a bearer token', false);
    const match = BEARER.exec(header.trim());
    const found = match ? await tokens.find(match[1]) : undefined;
    if (!found) throw refuse(res, 'invalid_token', 'the token is unknown, expired or revoked', true);
    res.locals.apiToken = found;
    next();
  };
}
