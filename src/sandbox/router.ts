// The sandbox's express router: STS, IAM, the console federation endpoint and logout, the console landing page.
import { Router } from 'express';
import { readFileSync } from 'node:fs';
import type { SandboxConfig } from '../config/index.ts';
import { consoleHandler, consoleSite } from './console.ts';
import { federationHandler, logoutHandler } from './federation.ts';
import { iamHandler } from './iam/handler.ts';
import { createSandboxState } from './state.ts';
import { stsHandler } from './sts/handler.ts';

export type SandboxOptions = {
  config: SandboxConfig;
  /** The absolute URL where this router is reachable, e.g. http://localhost:3000/sandbox. */
  baseUrl: string;
  /** The sandbox's idea of now (SigV4 skew window, expiry of sessions and tokens, Date headers). */
  clock?: () => Date;
  /** Called with unexpected errors (answered as InternalFailure); defaults to a process warning. */
  onInternalError?: (error: unknown) => void;
};

const STYLESHEET = new URL('../../public/sandbox.css', import.meta.url);
let stylesheet: Buffer | undefined;

/**
 * An express Router answering STS at `/sts` (and `/sts/`), IAM at `/iam`, the federation endpoint at `/federation`,
 * the console logout at `/oauth`, the console landing at `/console` and `/console/...`. Mount it before any body parser.
 */
export function createSandboxRouter(options: SandboxOptions): Router {
  const state = createSandboxState(options.config, options.clock);
  const site = consoleSite(options.baseUrl);
  const onInternalError = options.onInternalError ?? ((error: unknown) => process.emitWarning(error instanceof Error ? error : String(error), 'RoleportSandboxWarning'));
  const router = Router();
  router.all('/sts', stsHandler(state, onInternalError));
  router.all('/iam', iamHandler(state, onInternalError));
  router.all('/federation', federationHandler(state, site));
  router.get('/oauth', logoutHandler(state, site));
  router.get('/console{/*rest}', consoleHandler(state, site));
  router.get('/sandbox.css', (_req, res) => {
    stylesheet ??= readFileSync(STYLESHEET);
    res.setHeader('Content-Type', 'text/css; charset=utf-8');
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.end(stylesheet);
  });
  return router;
}
