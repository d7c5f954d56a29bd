// Schema of a `type: saml` identity source.
import type { LoadContext } from '../primitives.ts';
import { unavailableSource } from './common.ts';

export function samlSourceSchema(_ctx: LoadContext) {
  return unavailableSource('saml');
}
