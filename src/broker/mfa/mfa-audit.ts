// The mfa.* audit events, with the person and where they asked from.
import type { Request } from 'express';
import type { AuditEventName } from '../../audit/index.ts';
import type { Identity } from '../../identity/index.ts';
import { clientInfo } from '../client-info.ts';
import type { AppContext } from '../context.ts';

type Details = Record<string, string | number | boolean | undefined>;

export function auditMfa(
  req: Request,
  ctx: Pick<AppContext, 'audit'>,
  identity: Identity,
  event: Extract<AuditEventName, `mfa.${string}`>,
  outcome: 'success' | 'refused',
  extra: { reason?: string; details?: Details } = {},
): void {
  ctx.audit.record({ event, outcome, actor: { username: identity.username, source: identity.source }, client: clientInfo(req), ...extra });
}
