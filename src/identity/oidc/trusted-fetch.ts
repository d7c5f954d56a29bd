// A fetch for one identity provider: TLS verified against the system CAs plus the source's own CA.
import { rootCertificates } from 'node:tls';
import { Agent, fetch as undiciFetch } from 'undici';

export type TrustedFetch = {
  fetch: (url: string, init: { method: string; headers: Record<string, string>; body?: unknown; redirect?: 'manual'; signal?: AbortSignal }) => Promise<Response>;
  close(): Promise<void>;
};

/** With `caPem`, the provider's certificate may chain to that CA (e.g. a corporate one) as well. */
export function createTrustedFetch(caPem?: string): TrustedFetch {
  const agent = new Agent({ connect: caPem ? { ca: [...rootCertificates, caPem] } : {}, connections: 16 });
  return {
    fetch: async (url, init) =>
      (await undiciFetch(url, { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher: agent })) as unknown as Response,
    close: () => agent.close(),
  };
}
