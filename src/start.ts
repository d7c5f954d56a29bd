// The server process: load the configuration, build the app, listen, reload on SIGHUP, shut down
// gracefully. Entered through main.ts, which turns on the compile cache first.
import type { Server } from 'node:http';
import { checkRunnable } from './checked-config.ts';
import { ConfigError, type LoadedConfig, loadConfig } from './config/index.ts';
import { createLogger } from './log.ts';
import { createReloader } from './reload.ts';
import { type Runtime, createRuntime } from './runtime.ts';
import { unreachableAtStart } from './startup-failure.ts';
import { shutDownGracefully } from './shutdown.ts';

let loaded: LoadedConfig;
try {
  loaded = checkRunnable(loadConfig());
} catch (error) {
  if (error instanceof ConfigError) {
    // Before the logger exists: a person reads this, so plain lines, no stack trace.
    process.stderr.write(`Roleport cannot start: the configuration has problems.\n${error.message}\n`);
    process.exit(2);
  }
  throw error;
}

const logger = createLogger({ level: loaded.config.log.level });
for (const warning of loaded.warnings) logger.warn({ startup: true }, warning);

let runtime: Runtime;
try {
  runtime = await createRuntime(loaded, { logger });
} catch (error) {
  const message = unreachableAtStart(error);
  if (!message) throw error;
  process.stderr.write(message);
  process.exit(2);
}
const { port, host } = loaded.config.server;
const server: Server = runtime.app.listen(port, host, () => {
  logger.info({ url: runtime.ctx.publicUrl, listening: `${host}:${port}`, demo: loaded.demo }, `Roleport is listening on http://${host}:${port} (public URL ${runtime.ctx.publicUrl})`);
  if (loaded.demo) {
    process.stdout.write(`\n  Roleport demo: open ${runtime.ctx.publicUrl}/ and sign in as alice or bob (password: roleport-demo).\n  Sandbox AWS only: its keys and console links work nowhere else.\n\n`);
  }
});
server.on('error', (error: NodeJS.ErrnoException) => {
  logger.fatal({ err: error }, error.code === 'EADDRINUSE' ? `port ${port} is in use; set PORT or server.port` : 'cannot listen');
  process.exit(1);
});
// metrics.port: the metrics alone, for the internal network's scraper.
const { port: metricsPort, host: metricsHost } = loaded.config.metrics;
const metricsServer = runtime.metricsApp && metricsPort !== undefined ? runtime.metricsApp.listen(metricsPort, metricsHost, () => {
  logger.info({ listening: `${metricsHost}:${metricsPort}` }, `metrics on http://${metricsHost}:${metricsPort}/metrics`);
}) : undefined;
metricsServer?.on('error', (error: NodeJS.ErrnoException) => {
  logger.fatal({ err: error }, error.code === 'EADDRINUSE' ? `port ${metricsPort} is in use; set metrics.port` : 'cannot listen for the metrics');
  process.exit(1);
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  const graceMs = loaded.config.server.shutdownGrace * 1000;
  logger.info({ signal, graceMs }, 'shutting down: not ready, finishing requests in flight');
  // Whatever happens, the process does not outlive the grace by much.
  const timer = setTimeout(() => process.exit(1), graceMs + 10_000);
  timer.unref();
  metricsServer?.close();
  metricsServer?.closeAllConnections();
  await shutDownGracefully({ server, runtime, logger, graceMs });
  process.exit(0);
}
// Reload re-reads the file the process started from, with the same environment.
const reload = createReloader({ runtime, logger, load: () => loadConfig({ path: loaded.file }) });
process.on('SIGHUP', () => {
  if (!stopping) void reload('SIGHUP');
});
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
