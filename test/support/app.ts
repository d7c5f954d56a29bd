// Starts Roleport in-process on 127.0.0.1 with a free port, from a raw config object or the demo,
// capturing every log line.
import { mkdtempSync, rmSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { type LoadedConfig, checkConfig, loadConfig } from '../../src/config/index.ts';
import type { Audit } from '../../src/audit/index.ts';
import { createLogger } from '../../src/log.ts';
import { createRuntime } from '../../src/runtime.ts';
import type { AppContext } from '../../src/broker/context.ts';

export type TestApp = { url: string; ctx: AppContext; logs: string[]; close(): Promise<void> };

export type TestAppOptions = {
  /** A raw configuration, as the YAML file would hold it; publicUrl is filled in when absent. */
  config?: Record<string, unknown> | ((url: string) => Record<string, unknown>);
  env?: Record<string, string>;
  demo?: boolean;
  baseDir?: string;
  clock?: () => Date;
  /** Reached as http://localhost:<port> rather than 127.0.0.1: WebAuthn refuses an IP address as its relying party. */
  localhost?: boolean;
  /** An audit of the test's own (built on the logger it is handed), e.g. with a failing store. */
  audit?: (logger: ReturnType<typeof createLogger>) => Audit;
};

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.localhost ? 'localhost' : '127.0.0.1'}:${port}`;

  let loaded: LoadedConfig;
  // The demo keeps its data under the working folder: a fresh one per app, never the repository's data/.
  const demoDir = mkdtempSync(join(tmpdir(), 'roleport-demo-'));
  if (options.demo || !options.config) {
    loaded = loadConfig({ env: { ...options.env, ROLEPORT_PUBLIC_URL: url, PORT: String(port) }, cwd: demoDir });
  } else {
    const raw = typeof options.config === 'function' ? options.config(url) : structuredClone(options.config);
    const serverSection = (raw.server ?? {}) as Record<string, unknown>;
    raw.server = { ...serverSection, publicUrl: serverSection.publicUrl ?? url };
    // Per-person data in memory unless the test names a store: nothing lands in the repository.
    raw.storage ??= { type: 'sqlite', path: ':memory:' };
    const checked = checkConfig(raw, { env: options.env ?? {}, baseDir: options.baseDir ?? process.cwd(), file: '(test)' });
    loaded = { ...checked, demo: false };
  }

  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      logs.push(...String(chunk).split('\n').filter(Boolean));
      callback();
    },
  });
  const logger = createLogger({ level: 'debug', destination });
  const runtime = await createRuntime(loaded, { logger, clock: options.clock, audit: options.audit?.(logger) });
  server.on('request', runtime.app);

  return {
    url,
    ctx: runtime.ctx,
    logs,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.close();
      rmSync(demoDir, { recursive: true, force: true });
    },
  };
}

/** Cheap scrypt hashes for test users: ln=4 keeps the suite fast. */
export { hashPassword } from '../../src/identity/index.ts';
export const TEST_SCRYPT = { ln: 4, r: 8, p: 1 };
