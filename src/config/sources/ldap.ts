// Schema of a `type: ldap` identity source.
import type { LoadContext } from '../primitives.ts';
import { unavailableSource } from './common.ts';

export function ldapSourceSchema(_ctx: LoadContext) {
  return unavailableSource('ldap');
}
