// Turns what node-saml or our own checks found wrong with a SAML response into a RoleportError a person can act on.
import type { SamlStatusError } from '@node-saml/node-saml';
import { RoleportError } from '../../errors.ts';
import type { ConfirmationTiming } from './confirmation-timing.ts';

export const samlRefused = (code: string, message: string, cause?: unknown) => new RoleportError({ status: 401, code, message, cause });

/**
 * `statusError`: node-saml's class for an IdP's refusal (handed in, as node-saml loads on first use); `timing`: what the
 * answer's own times say, for node-saml's "no valid subject confirmation", which only times cause.
 */
export function explainSamlError(error: unknown, label: string, statusError: typeof SamlStatusError, timing?: ConfirmationTiming): RoleportError {
  if (error instanceof RoleportError) return error;
  if (error instanceof statusError) {
    return samlRefused('saml_idp_refused', `${label} did not sign you in (${error.message.replace(/^SAML provider returned /, '')}).`, error);
  }
  const text = error instanceof Error ? error.message : String(error);
  const noValidConfirmation = /no valid subject confirmation/i.test(text);
  if (/expired/i.test(text) || (noValidConfirmation && timing !== 'not-yet-valid')) return samlRefused('saml_expired', `The sign-in answer from ${label} has expired. Sign in again.`, error);
  if (/not yet valid/i.test(text) || noValidConfirmation) return samlRefused('saml_not_yet_valid', `The sign-in answer from ${label} is not valid yet; the clocks of ${label} and Roleport disagree. Try again in a minute.`, error);
  if (/audience/i.test(text)) return samlRefused('saml_wrong_audience', `The sign-in answer from ${label} is meant for another service, not for Roleport.`, error);
  if (/InResponseTo/i.test(text)) {
    return samlRefused('saml_unsolicited', `This sign-in answer does not match a sign-in started at Roleport (or it took more than 10 minutes). Start the sign-in again.`, error);
  }
  if (/signature|signed|multiple assertions|Cannot obtain assertion|too many transforms|ID cannot refer/i.test(text)) {
    return samlRefused('saml_bad_signature', `The sign-in answer is not signed by ${label} with a certificate Roleport trusts.`, error);
  }
  return samlRefused('saml_invalid', `The sign-in answer from ${label} could not be accepted.`, error);
}
