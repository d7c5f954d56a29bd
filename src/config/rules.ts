// Schema of the `rules` section: which groups are granted (or denied) which roles.
import { z } from 'zod';
import { mfaRequirement } from './mfa.ts';

const ROLE_PATTERN = /^[^/\s]+\/[^/\s]+$/;
const rolePattern = z.string().regex(ROLE_PATTERN, "expected '<account>/<role>', globs allowed, e.g. 'prod/Admin' or 'dev/*'");

export const ruleSchema = z
  .strictObject({
    description: z.string().optional(),
    groups: z.array(z.string().min(1)).min(1, 'a rule needs at least one group'),
    grant: z.array(rolePattern).optional(),
    deny: z.array(rolePattern).optional(),
    /** Every role this rule grants needs a second factor for the people it grants it to. */
    mfa: mfaRequirement(),
  })
  .refine((rule) => (rule.grant?.length ?? 0) + (rule.deny?.length ?? 0) > 0, 'a rule needs grant or deny');
export type RuleConfig = z.infer<typeof ruleSchema>;
