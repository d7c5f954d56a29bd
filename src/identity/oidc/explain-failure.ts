// Turns an openid-client failure into a RoleportError that says, in words, which check refused the sign-in.
import type * as OpenId from 'openid-client';
import { RoleportError } from '../../errors.ts';

type Cause = { message?: string; code?: string; cause?: unknown; claim?: string; header?: { alg?: string } };

/** The error and its causes, outermost first. */
function chain(error: unknown): Cause[] {
  const out: Cause[] = [];
  for (let at: unknown = error; at && typeof at === 'object' && out.length < 6; at = (at as Cause).cause) out.push(at as Cause);
  return out;
}

const refused = (message: string, code = 'oidc_token_refused') => new RoleportError({ status: 401, code, message });

/** `errors`: openid-client's error classes (handed in, as openid-client loads on first use). */
export function explainOidcFailure(error: unknown, label: string, allowed: readonly string[], errors: Pick<typeof OpenId, 'AuthorizationResponseError' | 'ResponseBodyError'>): RoleportError {
  if (error instanceof errors.AuthorizationResponseError) {
    const description = error.error_description ? `: ${error.error_description}` : '';
    return new RoleportError({ status: 401, code: 'oidc_provider_refused', message: `${label} did not sign you in (${error.error}${description}).` });
  }
  if (error instanceof errors.ResponseBodyError) {
    return refused(`${label} refused to exchange the sign-in code (${error.error}). Start the sign-in again.`, 'oidc_provider_refused');
  }
  const causes = chain(error);
  const messages = causes.map((c) => c.message ?? '').join(' | ');
  const claim = causes.find((c) => typeof c.claim === 'string')?.claim;
  const has = (text: string) => messages.includes(text);

  if (has('"state"')) return new RoleportError({ status: 400, code: 'oidc_state_mismatch', message: 'This sign-in answer does not match the sign-in started in this browser (state mismatch). Start the sign-in again.' });
  if (claim === 'nonce' || has('"nonce"')) return refused(`The ID token from ${label} does not belong to this sign-in (nonce mismatch).`);
  if (claim === 'exp' || has('"exp"')) return refused(`The ID token from ${label} has expired. Check that this server's clock is right, then sign in again.`);
  if (claim === 'nbf' || claim === 'iat' || has('"nbf"') || has('"iat"')) return refused(`The ID token from ${label} is not valid at this time (iat/nbf). Check that this server's clock is right.`);
  if (claim === 'aud' || claim === 'azp' || has('"aud"') || has('"azp"')) return refused(`The ID token from ${label} was issued for another application (audience mismatch).`);
  if (claim === 'iss' || has('"iss"') || has('issuer')) return refused(`The ID token was not issued by ${label} (issuer mismatch).`);
  if (has('"alg"') || has('unsupported JWS algorithm')) {
    const alg = causes.find((c) => c.header?.alg)?.header?.alg ?? 'an algorithm';
    return refused(`The ID token from ${label} is signed with '${alg}', which this source does not accept (allowed: ${allowed.join(', ')}).`);
  }
  if (has('signature verification failed') || has('verification key')) return refused(`The ID token's signature does not verify against ${label}'s published keys.`);
  if (has('fetch failed') || has('timed out') || has('aborted') || has('unexpected HTTP')) {
    return new RoleportError({ status: 503, code: 'identity_provider_unavailable', message: `Roleport cannot reach ${label} right now; try again in a minute.`, cause: error });
  }
  return new RoleportError({ status: 401, code: 'oidc_login_failed', message: `The answer from ${label} could not be validated. Start the sign-in again.`, cause: error });
}
