// A fetch for one identity provider: TLS verified against the system CAs plus the source's own CA.
import { rootCertificates } from 'node:tls';
import type { Agent } from 'undici';

export type TrustedFetch = {
  fetch: (url: string, init: { method: string; headers: Record<string, string>; body?: unknown; redirect?: 'manual'; signal?: AbortSignal }) => Promise<Response>;
  close(): Promise<void>;
};

/** With `caPem`, the provider's certificate may chain to that CA (e.g. a corporate one) as well. */
export function createTrustedFetch(caPem?: string): TrustedFetch {
  // undici loads with the first request, not at start.
  let opened: Promise<{ agent: Agent; undiciFetch: typeof import('undici').fetch }> | undefined;
  const open = () =>
    (opened ??= import('undici').then(({ Agent, fetch: undiciFetch }) => ({ agent: new Agent({ connect: caPem ? { ca: [...rootCertificates, caPem] } : {}, connections: 16 }), undiciFetch })));
  return {
    async fetch(url, init) {
      const { agent, undiciFetch } = await open();
      return (await undiciFetch(url, { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher: agent })) as unknown as Response;
    },
    close: async () => {
      if (opened) await (await opened).agent.close();
    },
  };
}
