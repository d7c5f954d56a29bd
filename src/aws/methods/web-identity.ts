// web-identity: the person's own OIDC ID token calls AssumeRoleWithWebIdentity (unsigned: no Roleport
// credentials involved); the AWS OIDC provider lists Roleport's client id, the token's `aud`.
import { AssumeRoleWithWebIdentityCommand } from '@aws-sdk/client-sts';
import { RoleportError } from '../../errors.ts';
import { type IssueMethod, takeIssued } from './method.ts';

const WEB_IDENTITY_MAX = 43200;
/** A token this close to its end would expire on the way to STS. */
const EXPIRY_MARGIN_MS = 10_000;

export const webIdentity: IssueMethod = {
  action: 'AssumeRoleWithWebIdentity',
  async issue(context) {
    const { identity, role } = context;
    const federation = identity.federation;
    if (federation?.kind !== 'oidc') {
      throw new RoleportError({
        status: 403,
        code: 'web_identity_needs_oidc',
        message: `${role.key} is opened with your OpenID Connect sign-in (AssumeRoleWithWebIdentity), but you signed in with '${identity.source}', which gives Roleport no ID token to present to AWS.`,
        detail: 'Sign out, then sign in with your company\u2019s OpenID Connect sign-in to use this role.',
      });
    }
    if (federation.expiresAt.getTime() - EXPIRY_MARGIN_MS <= Date.now()) {
      const loginPath = `/oidc/${encodeURIComponent(identity.source)}/login`;
      throw new RoleportError({
        status: 401,
        code: 'sign_in_expired',
        message: 'your sign-in has expired; sign in again',
        detail: `${role.key} is opened with the ID token of your sign-in, which AWS accepts only while it is valid.`,
        action: { href: `${loginPath}?next=${encodeURIComponent(`/roles/${role.account.name}/${role.name}`)}`, label: 'Sign in again' },
      });
    }
    const duration = context.duration(WEB_IDENTITY_MAX, false);
    const sessionName = context.sessionName();
    const notices = [...duration.notices];
    // Tags and source identity travel inside the ID token for this action, not as parameters.
    if (Object.keys(role.sessionTags).length > 0 || role.sourceIdentity)
      notices.push('Session tags and source identity of a web identity session come from your ID token\u2019s claims, not from Roleport\u2019s role settings.');
    const response = await context.sts('AssumeRoleWithWebIdentity', (client, options) =>
      client.send(new AssumeRoleWithWebIdentityCommand({
        RoleArn: role.arn,
        RoleSessionName: sessionName,
        WebIdentityToken: federation.idToken,
        DurationSeconds: duration.seconds,
        ...context.sessionPolicy(),
      }), options),
    );
    return {
      ...takeIssued(response, response.AssumedRoleUser?.Arn, 'AssumeRoleWithWebIdentity'),
      sessionName,
      sourceIdentity: response.SourceIdentity,
      durationSeconds: duration.seconds,
      notices,
      // No SessionDuration: these are not AssumeRole credentials from an IAM user's long-term keys.
      consoleSessionDuration: undefined,
    };
  },
};
