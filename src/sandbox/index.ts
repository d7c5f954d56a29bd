// The sandbox: an offline stand-in for AWS's side of the wire (STS, federation endpoint, console
// landing). Imports nothing of the broker but config types. (Being built; contract below.)
import { Router } from 'express';
import type { SandboxConfig } from '../config/index.ts';

export type SandboxOptions = {
  config: SandboxConfig;
  /** The absolute URL where this router is reachable, e.g. http://localhost:3000/sandbox. */
  baseUrl: string;
  clock?: () => Date;
};

export function createSandboxRouter(_options: SandboxOptions): Router {
  return Router();
}
