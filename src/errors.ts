// The one error type of Roleport: what went wrong, for whom, and what the user can do about it.
// `expose` errors (status < 500) show their message; anything else becomes a generic error page.

export type RoleportErrorOptions = {
  status: number;
  code: string;
  /** Shown to the person (page or JSON). Never carries a secret. */
  message: string;
  /** Optional extra detail shown to the person, e.g. an STS request id. */
  detail?: string;
  /** What the person can do next, as a link of Roleport's own (e.g. sign in again). */
  action?: { href: string; label: string };
  cause?: unknown;
};

export class RoleportError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail?: string;
  readonly action?: { href: string; label: string };

  constructor(options: RoleportErrorOptions) {
    super(options.message, { cause: options.cause });
    this.name = 'RoleportError';
    this.status = options.status;
    this.code = options.code;
    this.detail = options.detail;
    this.action = options.action;
  }

  /** Whether the message is meant for the person who made the request. */
  get expose(): boolean {
    return this.status < 500 || this.status === 503 || this.status === 502 || this.status === 504;
  }
}

export function isRoleportError(value: unknown): value is RoleportError {
  return value instanceof RoleportError;
}

export const notFound = (message = 'This page does not exist.') =>
  new RoleportError({ status: 404, code: 'not_found', message });

export const forbidden = (message: string) =>
  new RoleportError({ status: 403, code: 'forbidden', message });

export const badRequest = (message: string, code = 'bad_request') =>
  new RoleportError({ status: 400, code, message });
