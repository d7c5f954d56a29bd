// Schema of a `type: oidc` identity source.
import type { LoadContext } from '../primitives.ts';
import { unavailableSource } from './common.ts';

export function oidcSourceSchema(_ctx: LoadContext) {
  return unavailableSource('oidc');
}
