// The sandbox alone on its own port (`roleport sandbox`, tests, the benchmark).
import express from 'express';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SandboxConfig } from '../config/index.ts';
import { createSandboxRouter } from './router.ts';

export type SandboxServerOptions = {
  config: SandboxConfig;
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  clock?: () => Date;
  onInternalError?: (error: unknown) => void;
};

export type SandboxServer = {
  /** The sandbox's base URL (the router is served at the root), e.g. http://127.0.0.1:4599. */
  url: string;
  stsUrl: string;
  iamUrl: string;
  federationUrl: string;
  consoleUrl: string;
  close(): Promise<void>;
};

export async function startSandboxServer(options: SandboxServerOptions): Promise<SandboxServer> {
  const host = options.host ?? '127.0.0.1';
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', false);
  let router: express.Router | undefined;
  app.use((req, res, next) => (router ? router(req, res, next) : next()));
  app.use((_req, res) => {
    res.status(404).type('text/plain').send('Not found: the Roleport sandbox answers /sts, /iam, /federation and /console\n');
  });
  const server = createServer(app);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  router = createSandboxRouter({ config: options.config, baseUrl: url, clock: options.clock, onInternalError: options.onInternalError });
  return {
    url,
    stsUrl: `${url}/sts`,
    iamUrl: `${url}/iam`,
    federationUrl: `${url}/federation`,
    consoleUrl: `${url}/console`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
