// GetFederationToken: a federated-user session for an IAM user's long-term keys (never a session's).
import { federatedUserArn } from '../../ids.ts';
import { accessDenied } from '../errors.ts';
import { credentialsXml } from '../role-session.ts';
import { checkSessionPolicy, packedPolicySize } from '../session-policy.ts';
import { NAME_PATTERN, Validation, checkDuplicateTags, readSessionPolicy, readTags } from '../validation.ts';
import { type StsAction, signedCaller } from './types.ts';

export const getFederationToken: StsAction = {
  signed: true,
  handle(context) {
    const { params, state, now } = context;
    const caller = signedCaller(context);
    const v = new Validation();
    const name = params.get('Name');
    if (v.required(name, 'name')) v.text(name, 'name', 2, 32, NAME_PATTERN);
    const { policy, policyArns } = readSessionPolicy(params, v);
    const duration = v.integer(params.get('DurationSeconds'), 'durationSeconds', 900, 129600);
    const tags = readTags(params, v);
    v.throwIfAny();
    checkDuplicateTags(tags);
    if (policy !== undefined) checkSessionPolicy(policy);
    const packed = packedPolicySize(policy, policyArns, tags);
    if (!caller.user) throw accessDenied('Cannot call GetFederationToken with session credentials');

    const user = caller.user;
    const issuedAt = Math.floor(now.getTime() / 1000);
    const arn = federatedUserArn(state.partition, user.account, name as string);
    const issued = state.sessions.issue({
      kind: 'federated-user',
      account: user.account,
      arn,
      userId: `${user.account}:${name}`,
      userName: user.name,
      tags: tags.length > 0 ? Object.fromEntries(tags.map((t) => [t.key, t.value])) : undefined,
      console: 'default-duration',
      issuedBy: 'GetFederationToken',
      issuedAt,
      expiresAt: issuedAt + (duration ?? 43200),
    });
    return {
      Credentials: credentialsXml(issued),
      FederatedUser: { FederatedUserId: issued.claims.userId, Arn: arn },
      PackedPolicySize: packed,
    };
  },
};
