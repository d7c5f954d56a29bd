// Schema of the `admin` section: who may use Roleport's administration pages (/admin).
import { z } from 'zod';

export const adminSchema = z.strictObject({
  /** Members of any of these groups (exact names, case-insensitive) are administrators. */
  groups: z.array(z.string().min(1)).default([]),
});
export type AdminConfig = z.infer<typeof adminSchema>;
