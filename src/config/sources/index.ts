// The identity sources a configuration may list, chosen by their `type`.
import { z } from 'zod';
import type { LoadContext } from '../primitives.ts';
import { ldapSourceSchema } from './ldap.ts';
import { localSourceSchema } from './local.ts';
import { oidcSourceSchema } from './oidc.ts';
import { samlSourceSchema } from './saml.ts';

export const SOURCE_TYPES = ['local', 'ldap', 'saml', 'oidc'] as const;

export function identitySourceSchema(ctx: LoadContext) {
  return z.discriminatedUnion('type', [localSourceSchema(ctx), ldapSourceSchema(ctx), samlSourceSchema(ctx), oidcSourceSchema(ctx)], {
    error: (issue) => (issue.code === 'invalid_union' ? `'type' must be one of ${SOURCE_TYPES.join(' | ')}` : undefined),
  });
}
export type IdentitySourceConfig = z.infer<ReturnType<typeof identitySourceSchema>>;
