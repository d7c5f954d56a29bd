// The browser-facing room: the express app with its pages, sessions and security headers.
export { buildApp, type MountedSandbox } from './app.ts';
export { openSessionStore, type OpenedSessionStore } from './session-store.ts';
export { type Drain, createDrain } from './drain.ts';
export { buildMetricsApp } from './routes/metrics.ts';
