// The IAM endpoint: the query protocol (version 2010-05-08, SigV4 service `iam`) over the IAM actions.
import type { RequestHandler } from 'express';
import { queryEndpoint } from '../query-endpoint.ts';
import type { SandboxState } from '../state.ts';
import { IAM_NAMESPACE } from '../sts/xml.ts';
import { findIamAction } from './actions/index.ts';

export function iamHandler(state: SandboxState, onInternalError: (error: unknown) => void): RequestHandler {
  return queryEndpoint({ service: 'iam', version: '2010-05-08', namespace: IAM_NAMESPACE, findAction: findIamAction }, state, onInternalError);
}
