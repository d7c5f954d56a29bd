// GetCallerIdentity: who the signing credentials belong to (UserId, Account, Arn).
import { type StsAction, signedCaller } from './types.ts';

export const getCallerIdentity: StsAction = {
  signed: true,
  handle(context) {
    const caller = signedCaller(context);
    return { UserId: caller.userId, Account: caller.account, Arn: caller.arn };
  },
};
