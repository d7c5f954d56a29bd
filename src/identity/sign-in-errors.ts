// The refusals every password source gives, worded once: outside, sign-in failures look alike.
import { RoleportError } from '../errors.ts';

export const WRONG_CREDENTIALS = 'wrong username or password';

/** Unknown user, wrong password, blank password: one answer for all. */
export const invalidCredentials = () => new RoleportError({ status: 401, code: 'invalid_credentials', message: WRONG_CREDENTIALS });

/** `whom`: who can re-enable the account ("administrator", "directory administrator"). */
export const accountDisabled = (whom: string) =>
  new RoleportError({ status: 403, code: 'account_disabled', message: `this account is disabled; ask your ${whom}` });
