// The "from where" of an audit event: the client's address (as express sees it, honouring trust
// proxy) and its user agent, trimmed.
import type { Request } from 'express';

export function clientInfo(req: Request): { ip?: string; userAgent?: string } {
  const userAgent = req.get('user-agent');
  return { ip: req.ip, userAgent: userAgent ? userAgent.slice(0, 200) : undefined };
}
