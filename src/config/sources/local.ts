// Schema of a `type: local` identity source: users with scrypt password hashes, from a file or inline.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { formatKeyPath } from '../format-issues.ts';
import { type LoadContext, resolvePath } from '../primitives.ts';
import { sourceBase } from './common.ts';

const PHC_SCRYPT = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$[A-Za-z0-9+/]+={0,2}\$[A-Za-z0-9+/]+={0,2}$/;

export const localUserSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.@+-]{0,63}$/, 'expected a user name of 1-64 letters, digits, _ . @ + -'),
  password: z.string().regex(PHC_SCRYPT, "expected a scrypt hash in PHC form ('$scrypt$ln=..,r=..,p=..$salt$hash'); make one with `npm run roleport -- hash-password`"),
  groups: z.array(z.string().min(1)).default([]),
  displayName: z.string().optional(),
  email: z.string().optional(),
  attributes: z.record(z.string(), z.union([z.string(), z.array(z.string())])).default({}),
  disabled: z.boolean().default(false),
});
export type LocalUser = z.infer<typeof localUserSchema>;

const usersFileSchema = z.strictObject({ users: z.array(localUserSchema) });

export function localSourceSchema(ctx: LoadContext) {
  return z.strictObject({
    ...sourceBase,
    type: z.literal('local'),
    /** A YAML file with `users: [...]`, or the users inline. */
    users: z.union([z.string().min(1), z.array(localUserSchema)]).transform((value, issue) => {
      if (Array.isArray(value)) return value;
      const path = resolvePath(ctx, value);
      let parsed: unknown;
      try {
        parsed = parseYaml(readFileSync(path, 'utf8'));
      } catch (error) {
        issue.addIssue({ code: 'custom', message: `cannot read users file ${path}: ${(error as Error).message.split('\n')[0]}`, input: value });
        return z.NEVER;
      }
      const result = usersFileSchema.safeParse(parsed);
      if (!result.success) {
        for (const problem of result.error.issues) {
          issue.addIssue({ code: 'custom', message: `in users file ${path} at ${formatKeyPath(problem.path)}: ${problem.message}`, input: value });
        }
        return z.NEVER;
      }
      return result.data.users;
    }),
  }).superRefine((source, issue) => {
    const seen = new Set<string>();
    for (const user of source.users) {
      if (seen.has(user.name.toLowerCase())) issue.addIssue({ code: 'custom', path: ['users'], message: `user '${user.name}' is listed twice` });
      seen.add(user.name.toLowerCase());
    }
  });
}
export type LocalSourceConfig = z.infer<ReturnType<typeof localSourceSchema>>;
