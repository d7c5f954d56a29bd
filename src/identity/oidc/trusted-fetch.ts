// A fetch for one identity provider: TLS verified against the system CAs plus the source's own CA.
import { rootCertificates } from 'node:tls';
import type { Agent } from 'undici';
import { timeIdentityCall } from '../../metrics.ts';

export type TrustedFetch = {
  fetch: (url: string, init: { method: string; headers: Record<string, string>; body?: unknown; redirect?: 'manual'; signal?: AbortSignal }) => Promise<Response>;
  close(): Promise<void>;
};

/** The provider call a URL is, for the latency metric (a handful of values, never the URL itself). */
export function oidcOperation(url: string): string {
  const path = new URL(url).pathname.toLowerCase();
  if (path.includes('/.well-known/')) return 'oidc-discovery';
  if (/jwks|certs|keys/.test(path)) return 'oidc-jwks';
  if (path.includes('token')) return 'oidc-token';
  if (path.includes('userinfo')) return 'oidc-userinfo';
  return 'oidc-other';
}

/**
 * With `caPem`, the provider's certificate may chain to that CA (e.g. a corporate one) as well.
 * Each call's latency lands in roleport_identity_call_duration_seconds under `source`.
 */
export function createTrustedFetch(caPem: string | undefined, source: string): TrustedFetch {
  // undici loads with the first request, not at start.
  let opened: Promise<{ agent: Agent; undiciFetch: typeof import('undici').fetch }> | undefined;
  const open = () =>
    (opened ??= import('undici').then(({ Agent, fetch: undiciFetch }) => ({ agent: new Agent({ connect: caPem ? { ca: [...rootCertificates, caPem] } : {}, connections: 16 }), undiciFetch })));
  return {
    async fetch(url, init) {
      const { agent, undiciFetch } = await open();
      const response = await timeIdentityCall({ source, operation: oidcOperation(url) }, () => undiciFetch(url, { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher: agent }), () => 'unreachable');
      return response as unknown as Response;
    },
    close: async () => {
      if (opened) await (await opened).agent.close();
    },
  };
}
