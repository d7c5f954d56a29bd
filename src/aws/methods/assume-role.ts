// assume-role: Roleport's own credentials call AssumeRole, with session name, source identity, tags,
// ExternalId, session policy and a duration capped at 1 hour when that is role chaining.
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { type IssueMethod, takeIssued } from './method.ts';

const ASSUME_ROLE_MAX = 43200;
/** The federation endpoint's SessionDuration range. */
const CONSOLE_SESSION_MAX = 43200;

export const assumeRole: IssueMethod = {
  action: 'AssumeRole',
  async issue(context) {
    const chained = await context.brokerIsTemporary();
    const duration = context.duration(ASSUME_ROLE_MAX, chained);
    const sessionName = context.sessionName();
    const sourceIdentity = context.sourceIdentity();
    const tags = context.sessionTags();
    const response = await context.sts('AssumeRole', (client, options) =>
      client.send(new AssumeRoleCommand({
        RoleArn: context.role.arn,
        RoleSessionName: sessionName,
        DurationSeconds: duration.seconds,
        SourceIdentity: sourceIdentity,
        Tags: tags.length > 0 ? tags : undefined,
        TransitiveTagKeys: context.role.transitiveTagKeys?.length ? context.role.transitiveTagKeys : undefined,
        ExternalId: context.externalId(),
        ...context.sessionPolicy(),
      }), options),
    );
    return {
      ...takeIssued(response, response.AssumedRoleUser?.Arn, 'AssumeRole'),
      sessionName,
      sourceIdentity: response.SourceIdentity ?? sourceIdentity,
      durationSeconds: duration.seconds,
      notices: duration.notices,
      // AWS accepts SessionDuration only for AssumeRole credentials obtained with long-term keys.
      consoleSessionDuration: chained ? undefined : Math.min(duration.seconds, CONSOLE_SESSION_MAX),
    };
  },
};
