// federation-token: Roleport's IAM-user keys call GetFederationToken, the role's policy as session policy.
import { GetFederationTokenCommand } from '@aws-sdk/client-sts';
import { RoleportError } from '../../errors.ts';
import { type IssueMethod, takeIssued } from './method.ts';

const FEDERATION_TOKEN_MAX = 129600;

export const federationToken: IssueMethod = {
  action: 'GetFederationToken',
  async issue(context) {
    if (await context.brokerIsTemporary())
      throw new RoleportError({
        status: 503,
        code: 'federation_token_needs_iam_user',
        message: `${context.role.key} is opened with GetFederationToken, which needs an IAM user's long-term keys, but Roleport's own AWS credentials are temporary. The Roleport administrator must give Roleport IAM-user keys or switch the role to assume-role.`,
      });
    const duration = context.duration(FEDERATION_TOKEN_MAX, false);
    const name = context.federationName();
    const tags = context.sessionTags();
    const response = await context.sts('GetFederationToken', (client, options) =>
      client.send(new GetFederationTokenCommand({
        Name: name,
        DurationSeconds: duration.seconds,
        Tags: tags.length > 0 ? tags : undefined,
        ...context.sessionPolicy(),
      }), options),
    );
    return {
      ...takeIssued(response, response.FederatedUser?.Arn, 'GetFederationToken', 'the federated user'),
      sessionName: name,
      durationSeconds: duration.seconds,
      notices: duration.notices,
      // The federation endpoint fails when SessionDuration comes with GetFederationToken credentials.
      consoleSessionDuration: undefined,
    };
  },
};
