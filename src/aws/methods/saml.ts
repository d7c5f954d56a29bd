// saml: the assertion the IdP's AWS application sent calls AssumeRoleWithSAML as received (unsigned:
// no Roleport credentials involved); the role and SAML provider come from its Role attribute.
import { AssumeRoleWithSAMLCommand } from '@aws-sdk/client-sts';
import { RoleportError } from '../../errors.ts';
import { type IssueMethod, takeIssued } from './method.ts';

const SAML_MAX = 43200;
/** An assertion this close to its end would expire on the way to STS. */
const EXPIRY_MARGIN_MS = 10_000;

export const saml: IssueMethod = {
  action: 'AssumeRoleWithSAML',
  async issue(context) {
    const { identity, role } = context;
    const federation = identity.federation;
    const pair = federation?.kind === 'saml' ? federation.roles.find((r) => r.roleArn === role.arn && r.providerArn === role.samlProviderArn) : undefined;
    if (federation?.kind !== 'saml' || !pair) {
      throw new RoleportError({
        status: 403,
        code: 'saml_federation_needed',
        message: `${role.key} is opened with the assertion of your company's AWS sign-in (AssumeRoleWithSAML), and your sign-in with '${identity.source}' did not name this role.`,
        detail: 'Sign in through the AWS application of your identity provider to use this role.',
      });
    }
    if (federation.notOnOrAfter.getTime() - EXPIRY_MARGIN_MS <= Date.now()) {
      const loginPath = `/saml/${encodeURIComponent(identity.source)}/login`;
      throw new RoleportError({
        status: 401,
        code: 'sign_in_expired',
        message: 'your AWS sign-in has expired; sign in again',
        detail: `${role.key} is opened with the SAML assertion of your sign-in, which AWS accepts only until ${federation.notOnOrAfter.toISOString()}.`,
        action: { href: `${loginPath}?next=${encodeURIComponent(`/roles/${role.account.name}/${role.name}`)}`, label: 'Sign in again' },
      });
    }
    const duration = context.duration(SAML_MAX, false);
    const notices = [...duration.notices];
    if (Object.keys(role.sessionTags).length > 0 || role.sourceIdentity)
      notices.push('Session tags and source identity of a SAML session come from the assertion\u2019s attributes, not from Roleport\u2019s role settings.');
    const response = await context.sts('AssumeRoleWithSAML', (client, options) =>
      client.send(new AssumeRoleWithSAMLCommand({
        RoleArn: pair.roleArn,
        PrincipalArn: pair.providerArn,
        SAMLAssertion: federation.assertion,
        DurationSeconds: duration.seconds,
        ...context.sessionPolicy(),
      }), options),
    );
    const issued = takeIssued(response, response.AssumedRoleUser?.Arn, 'AssumeRoleWithSAML');
    return {
      ...issued,
      // AWS takes the session name from the assertion's RoleSessionName attribute.
      sessionName: issued.arn.split('/').at(-1) ?? federation.roleSessionName ?? identity.username,
      sourceIdentity: response.SourceIdentity,
      durationSeconds: duration.seconds,
      notices,
      // No SessionDuration: these are not AssumeRole credentials from an IAM user's long-term keys.
      consoleSessionDuration: undefined,
    };
  },
};
