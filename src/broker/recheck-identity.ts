// Access that ends when the directory says so: an identity its source vouched for longer ago than
// session.recheckAfter is looked up there again before anything is issued, from every door. Disabled,
// locked, gone, or no longer in a group that grants the role: nothing is issued, the person is told
// why, and every session and CLI token they hold is ended (audited). A source that cannot look anyone
// up (LDAP without a service account) ends the session or token asked through: sign in again.
// SAML and OIDC sign-ins cannot be rechecked: they end by time (absoluteTimeout, SessionNotOnOrAfter).
import { type Entitlement, findEntitlement } from '../access/index.ts';
import { RoleportError } from '../errors.ts';
import type { Directory, DirectoryPerson, Identity } from '../identity/index.ts';
import type { AppContext } from './context.ts';
import { endAllAccessOf } from './end-access.ts';

/** How a door keeps and ends what its request came through (the browser session, the CLI token). */
export type Door = {
  /** Keeps the rechecked identity for the next requests. */
  keepIdentity(identity: Identity): Promise<void>;
  /** Ends the session or token of this request (audited by the door). */
  end(): Promise<void>;
};

type RecheckContext = Pick<AppContext, 'config' | 'clock' | 'sources' | 'policy' | 'audit' | 'browserSessions' | 'cliTokens'>;

const minutes = (seconds: number) => (seconds % 60 === 0 ? `${seconds / 60} minute${seconds === 60 ? '' : 's'}` : `${seconds} seconds`);

/** The identity and entitlement to issue with: as they were, or as the source says now; throws when access has ended. */
export async function recheckIdentity(ctx: RecheckContext, request: { identity: Identity; entitlement: Entitlement; client: { ip?: string; userAgent?: string }; door?: Door }): Promise<{ identity: Identity; entitlement: Entitlement }> {
  const { identity, entitlement } = request;
  const now = ctx.clock();
  if (identity.sessionEndsAt && now.getTime() >= identity.sessionEndsAt.getTime()) {
    await request.door?.end();
    throw new RoleportError({ status: 401, code: 'sign_in_again', message: 'your identity provider ended this sign-in: sign in again', action: { href: '/login', label: 'Sign in' } });
  }
  const limit = ctx.config.session.recheckAfter;
  const vouchedAt = (identity.checkedAt ?? identity.authTime).getTime();
  if (now.getTime() - vouchedAt < limit * 1000) return { identity, entitlement };
  const source = ctx.sources.find((candidate) => candidate.id === identity.source);
  if (!source || source.kind !== 'password') return { identity, entitlement };
  if (!source.directory) {
    await request.door?.end();
    throw new RoleportError({
      status: 401,
      code: 'sign_in_again',
      message: `your sign-in is more than ${minutes(limit)} old and ${source.label} cannot check it again without your password: sign in again`,
      action: { href: '/login', label: 'Sign in' },
    });
  }
  const found = await lookUp(source.directory, source.label, identity.username);
  const fresh = found?.canSignIn ? { ...found.identity, authTime: identity.authTime, mfa: identity.mfa, checkedAt: now } : undefined;
  const still = fresh ? findEntitlement(fresh, ctx.policy, entitlement.role.key) : undefined;
  if (!fresh || !still) {
    const reason = !found ? 'this account no longer exists' : !found.canSignIn ? 'this account is disabled or locked' : `you are no longer in a group that grants ${entitlement.role.key}`;
    await endAllAccessOf(ctx, identity, request.client, 'recheck');
    await request.door?.end();
    throw new RoleportError({ status: 403, code: 'access_ended', message: `${source.label} says ${reason}, so Roleport issued nothing and ended your sessions and CLI tokens` });
  }
  await request.door?.keepIdentity(fresh);
  return { identity: fresh, entitlement: still };
}

/** The person at their source; a source that does not answer is a 503 (nothing issued, nothing ended). */
async function lookUp(directory: Directory, label: string, username: string): Promise<DirectoryPerson | undefined> {
  try {
    return await directory.lookUp(username);
  } catch (error) {
    if (error instanceof RoleportError) throw error;
    throw new RoleportError({ status: 503, code: 'directory_unavailable', message: `${label} cannot be asked whether you still have access; try again in a minute`, cause: error });
  }
}
