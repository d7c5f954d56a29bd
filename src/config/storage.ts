// Schema of the `storage` section: where durable per-person data lives (second factors, ...).
import { z } from 'zod';
import { type LoadContext, resolvePath, secret } from './primitives.ts';

const IN_MEMORY = ':memory:';

export function storageSchema(ctx: LoadContext) {
  return z
    .discriminatedUnion('type', [
      z.strictObject({
        type: z.literal('sqlite'),
        /** A file (relative to the config file's folder), or `:memory:` for a store that dies with the process. */
        path: z.string({ error: 'expected a file path' }).min(1, 'must not be empty').transform((p) => (p === IN_MEMORY ? p : resolvePath(ctx, p))),
      }),
      z.strictObject({
        type: z.literal('postgres'),
        url: secret(ctx),
        /** A schema of its own in a shared database; created when missing. */
        schema: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'expected a lower-case PostgreSQL schema name: letters, digits, _').optional(),
      }),
    ], { error: (issue) => (issue.code === 'invalid_union' ? "'type' must be one of sqlite | postgres" : undefined) })
    .default(() => ({ type: 'sqlite' as const, path: resolvePath(ctx, 'data/roleport.db') }));
}
export type StorageConfig = z.infer<ReturnType<typeof storageSchema>>;
