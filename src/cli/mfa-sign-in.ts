// --open when a role needs a second factor the sign-in did not verify: a new sign-in, its approval
// page opened in the browser (where the factor is checked), then the command once more.
import { signIn } from './login.ts';
import { MfaRequired } from './signed-in.ts';

export async function withMfaSignIn<T>(url: string, open: boolean, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (!open || !(error instanceof MfaRequired)) throw error;
    process.stderr.write('This role needs a second factor: verify it on the approval page of a new sign-in.\n');
    await signIn(url, true);
    return fn();
  }
}
