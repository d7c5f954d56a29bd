// A store that is not there at start (PostgreSQL, Redis): one paragraph a person can act on, not a
// stack trace. Anything else is not recognised here and stays a crash with its stack.

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET']);

function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const e = current as { code?: unknown; errors?: unknown[]; cause?: unknown; message?: unknown };
    if (typeof e.code === 'string') codes.push(e.code);
    for (const inner of Array.isArray(e.errors) ? e.errors : []) if (typeof (inner as { code?: unknown }).code === 'string') codes.push((inner as { code: string }).code);
    if (typeof e.message === 'string' && /timeout exceeded when trying to connect|Connection terminated due to connection timeout/i.test(e.message)) codes.push('ETIMEDOUT');
    current = e.cause;
  }
  return codes;
}

/** The message for a store that cannot be reached at start, or undefined when `error` is something else. */
export function unreachableAtStart(error: unknown): string | undefined {
  const code = codesOf(error).find((c) => UNREACHABLE.has(c));
  if (!code) return undefined;
  const detail = (error as Error).message?.split('\n')[0] ?? String(error);
  return `Roleport cannot start: a store it needs is not reachable (${code}: ${detail}). Check that PostgreSQL (storage, audit.store) and Redis (session.store) are running and that DATABASE_URL / REDIS_URL, or the URLs the configuration names, point at them; Roleport exits with code 2 and a supervisor should not restart it in a loop before they answer.\n`;
}
