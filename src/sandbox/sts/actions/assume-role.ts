// AssumeRole: a role session for an IAM user or (role chaining, 1 hour at most) another session.
import { deniedByRolePolicies } from '../../role-denials.ts';
import { accessDenied, explicitDeny, notAuthorized, validationError } from '../errors.ts';
import { authorizeByTrustPolicy, assumedRoleUserXml, credentialsXml, issueRoleSession } from '../role-session.ts';
import { checkSessionPolicy, packedPolicySize } from '../session-policy.ts';
import { callerContext, globalContext, requestContext } from '../trust-context.ts';
import {
  EXTERNAL_ID_PATTERN, NAME_PATTERN, SERIAL_PATTERN, TAG_KEY_PATTERN, type Tag, Validation,
  checkDuplicateTags, readSessionPolicy, readTags,
} from '../validation.ts';
import { type StsAction, signedCaller } from './types.ts';

export const MFA_FAILED = 'MultiFactorAuthentication failed, unable to validate MFA code. Please verify your MFA serial number is valid and associated with this user.';

export const assumeRole: StsAction = {
  signed: true,
  handle(context) {
    const { params, state, now } = context;
    const caller = signedCaller(context);
    const v = new Validation();
    const roleArn = params.get('RoleArn');
    const sessionName = params.get('RoleSessionName');
    if (v.required(roleArn, 'roleArn')) v.text(roleArn, 'roleArn', 20, 2048);
    if (v.required(sessionName, 'roleSessionName')) v.text(sessionName, 'roleSessionName', 2, 64, NAME_PATTERN);
    const { policy, policyArns } = readSessionPolicy(params, v);
    const duration = v.integer(params.get('DurationSeconds'), 'durationSeconds', 900, 43200);
    const tags = readTags(params, v);
    const transitiveTagKeys = params.list('TransitiveTagKeys');
    v.listLength(transitiveTagKeys, `[${transitiveTagKeys.join(', ')}]`, 'transitiveTagKeys', 50);
    transitiveTagKeys.forEach((key, i) => v.text(key, `transitiveTagKeys.${i + 1}.member`, 1, 128, TAG_KEY_PATTERN));
    const externalId = params.get('ExternalId');
    v.text(externalId, 'externalId', 2, 1224, EXTERNAL_ID_PATTERN);
    const serialNumber = params.get('SerialNumber');
    v.text(serialNumber, 'serialNumber', 9, 256, SERIAL_PATTERN);
    const tokenCode = params.get('TokenCode');
    v.text(tokenCode, 'tokenCode', 6, 6, '[\\d]*');
    const sourceIdentity = params.get('SourceIdentity');
    v.text(sourceIdentity, 'sourceIdentity', 2, 64, NAME_PATTERN);
    v.throwIfAny();
    if (sourceIdentity?.toLowerCase().startsWith('aws:')) throw validationError(`Value '${sourceIdentity}' at 'sourceIdentity' failed to satisfy constraint: Member must not begin with aws:`);
    checkDuplicateTags(tags);
    if (policy !== undefined) checkSessionPolicy(policy);
    const packed = packedPolicySize(policy, policyArns, tags);

    const arn = roleArn as string;
    const session = caller.session;
    // Federated users may call no STS action but GetCallerIdentity; unknown roles look like refusals.
    if (session?.kind === 'federated-user') throw notAuthorized(caller.arn, 'sts:AssumeRole', arn);
    // Role chaining: the calling session's own role may deny it (a revocation of older sessions).
    if (deniedByRolePolicies(state, caller, 'sts:AssumeRole', arn, context.facts)) throw explicitDeny(caller.arn, 'sts:AssumeRole', arn);
    const role = state.rolesByArn.get(arn);
    if (!role) throw notAuthorized(caller.arn, 'sts:AssumeRole', arn);
    if (serialNumber !== undefined || tokenCode !== undefined) throw accessDenied(MFA_FAILED);

    const chained = session?.kind === 'assumed-role';
    const durationSeconds = duration ?? 3600;
    if (chained && durationSeconds > 3600) throw validationError('The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
    if (durationSeconds > role.maxSessionDuration) throw validationError('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');

    // A chained session inherits the caller's transitive tags and source identity.
    const inheritedKeys = new Set((session?.transitiveTagKeys ?? []).map((k) => k.toLowerCase()));
    const inherited: Tag[] = Object.entries(session?.tags ?? {}).filter(([k]) => inheritedKeys.has(k.toLowerCase())).map(([key, value]) => ({ key, value }));
    if (tags.some((t) => inheritedKeys.has(t.key.toLowerCase())))
      throw validationError('One or more session tags conflict with transitive session tags of the calling session; a transitive tag cannot be overridden.');
    const inheritedSource = session?.sourceIdentity;
    if (sourceIdentity !== undefined && inheritedSource !== undefined && sourceIdentity !== inheritedSource)
      throw accessDenied(`SourceIdentity cannot be changed: the calling session's source identity is ${inheritedSource}.`);

    const allTags = [...inherited, ...tags];
    const actions = ['sts:AssumeRole'];
    if (allTags.length > 0 || transitiveTagKeys.length > 0) actions.push('sts:TagSession');
    if (sourceIdentity !== undefined || inheritedSource !== undefined) actions.push('sts:SetSourceIdentity');
    authorizeByTrustPolicy(
      role,
      { type: 'AWS', arn: caller.arn, account: caller.account, roleArn: session?.roleArn },
      actions,
      {
        ...globalContext(context.facts),
        ...callerContext(caller),
        ...requestContext({ roleSessionName: sessionName, externalId, sourceIdentity: sourceIdentity ?? inheritedSource, tags: allTags, transitiveTagKeys }),
      },
      caller.arn,
    );

    const issued = issueRoleSession(state, now, {
      role,
      sessionName: sessionName as string,
      durationSeconds,
      sourceIdentity: sourceIdentity ?? inheritedSource,
      tags: allTags,
      transitiveTagKeys: [...inherited.map((t) => t.key), ...transitiveTagKeys],
      chained,
      // getSigninToken's SessionDuration is for AssumeRole called with an IAM user's long-term keys only.
      console: caller.user ? 'session-duration' : 'default-duration',
      issuedBy: 'AssumeRole',
    });
    return {
      Credentials: credentialsXml(issued),
      AssumedRoleUser: assumedRoleUserXml(issued),
      PackedPolicySize: packed,
      SourceIdentity: issued.claims.sourceIdentity,
    };
  },
};
