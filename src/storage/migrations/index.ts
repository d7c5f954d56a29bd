// Every schema change, in order. To change the schema, add a file NNN-what.ts exporting one
// Migration with the next id and list it here; never edit one that has shipped.
import type { Migration } from '../types.ts';
import { people } from './001-people.ts';
import { mfaFactors } from './002-mfa-factors.ts';
import { mfaRecoveryCodes } from './003-mfa-recovery-codes.ts';
import { roleChoices } from './004-role-choices.ts';
import { webhookOutbox } from './005-webhook-outbox.ts';

export const MIGRATIONS: readonly Migration[] = [people, mfaFactors, mfaRecoveryCodes, roleChoices, webhookOutbox];
