// Everything a request handler may use, built once in main.ts (or by a test) and passed to buildApp.
import type { Store } from 'express-session';
import type { createClient } from 'redis';
import type { AccessPolicy } from '../access/index.ts';
import type { Audit } from '../audit/index.ts';
import type { Issuer } from '../aws/index.ts';
import type { RoleportConfig } from '../config/index.ts';
import type { IdentitySource } from '../identity/index.ts';
import type { Notifier } from '../notifications/index.ts';
import type { Storage } from '../storage/index.ts';
import type { Logger } from '../log.ts';
import type { BrowserSessions } from './browser-sessions.ts';
import type { CliTokens } from './cli-tokens.ts';
import type { LoginThrottle } from './login-throttle.ts';
import type { Readiness } from './readiness.ts';

export type AppContext = {
  config: RoleportConfig;
  logger: Logger;
  audit: Audit;
  policy: AccessPolicy;
  sources: IdentitySource[];
  issuer: Issuer;
  /** True when running the embedded demo configuration. */
  demo: boolean;
  /** The URL people use to reach Roleport, without a trailing slash. */
  publicUrl: string;
  clock: () => Date;
  /** Durable per-person data: second factors, recovery codes. */
  storage: Storage;
  /** Queues issuances of roles marked notify: true and sends them to the webhook. */
  notifier: Notifier;
  /** Whether this replica can serve (GET /readyz); false from SIGTERM on. */
  readiness: Readiness;
  /** Session store; memory when not given. */
  sessionStore?: Store;
  loginThrottle: LoginThrottle;
  /** The CLI's bearer tokens and the per-person index of them (memory, or Redis with the sessions). */
  cliTokens: CliTokens;
  /** The browser sessions of each person (an index beside the session store). */
  browserSessions: BrowserSessions;
  /** The sessions' Redis client when session.store is redis (API tokens and device grants live there too). */
  redis?: ReturnType<typeof createClient>;
};
