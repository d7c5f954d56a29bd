// A graceful stop (SIGTERM): not ready at once, no new connections, requests in flight finish
// within server.shutdownGrace, those still waiting then get 503 "shutting down" (never a reset), the
// audit is flushed and the pools are closed.
import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from './log.ts';
import type { Runtime } from './runtime.ts';

/** After the grace: how long a request handing out its keys (audit written) may still take. */
const COMMITTED_EXTRA_MS = 2000;

export async function shutDownGracefully(options: { server: Server; runtime: Runtime; logger: Logger; graceMs: number }): Promise<void> {
  const { server, runtime, logger, graceMs } = options;
  const started = Date.now();
  runtime.ctx.readiness.stopServing();
  runtime.drain.closing();
  server.close();
  server.closeIdleConnections();
  const finished = await Promise.race([runtime.drain.idle().then(() => true), sleep(graceMs).then(() => false)]);
  if (!finished) {
    logger.warn({ graceMs }, 'requests still in flight at the end of server.shutdownGrace: answering them 503 "shutting down"');
    runtime.drain.cutShort();
    await Promise.race([runtime.drain.idle(), sleep(COMMITTED_EXTRA_MS)]);
  }
  await runtime.close();
  server.closeAllConnections();
  logger.info({ tookMs: Date.now() - started }, 'Roleport stopped');
}
