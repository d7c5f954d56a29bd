// The STS endpoint: the query protocol (version 2011-06-15, SigV4 service `sts`) over the STS actions.
import type { RequestHandler } from 'express';
import { queryEndpoint } from '../query-endpoint.ts';
import type { SandboxState } from '../state.ts';
import { findStsAction } from './actions/index.ts';
import { STS_NAMESPACE } from './xml.ts';

export function stsHandler(state: SandboxState, onInternalError: (error: unknown) => void): RequestHandler {
  return queryEndpoint({ service: 'sts', version: '2011-06-15', namespace: STS_NAMESPACE, findAction: findStsAction }, state, onInternalError);
}
