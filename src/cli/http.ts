// The CLI's only way to Roleport: JSON over HTTP(S) to /api/v1, errors read from Roleport's
// {error: {code, message, detail}} answers.
import { hostname } from 'node:os';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail?: string;
  constructor(status: number, code: string, message: string, detail?: string) {
    super(message);
    this.status = status;
    this.code = code;
    this.detail = detail;
  }
}

/** Text from the server made safe for a terminal: no control characters (escape sequences). */
export function printable(text: string): string {
  return text.replace(/[\x00-\x1f\x7f-\x9f]/g, '');
}

const USER_AGENT = `roleport-cli (node ${process.version}; ${process.platform})`;

/** How this client names itself on the approval page: user@host. */
export function clientName(): string {
  const user = process.env.USER ?? process.env.USERNAME ?? '';
  return `roleport CLI, ${user ? `${user}@` : ''}${hostname()}`;
}

export async function callApi<T>(baseUrl: string, path: string, options: { method?: 'GET' | 'POST'; token?: string; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': USER_AGENT };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`${baseUrl}/api/v1${path}`, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      redirect: 'error',
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new ApiError(0, 'unreachable', `cannot reach Roleport at ${baseUrl} (${cause?.code ?? cause?.message ?? (error as Error).message})`);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    throw new ApiError(response.status, 'not_json', `${baseUrl} answered ${response.status} with something other than Roleport's JSON; is --url right?`);
  }
  if (!response.ok) {
    const error = (parsed as { error?: { code?: string; message?: string; detail?: string } } | undefined)?.error;
    const message = typeof error?.message === 'string' ? printable(error.message) : `Roleport answered ${response.status}`;
    throw new ApiError(response.status, String(error?.code ?? `http_${response.status}`), message, error?.detail);
  }
  return parsed as T;
}
