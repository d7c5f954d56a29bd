// GetSessionToken: temporary credentials acting as the IAM user itself (no console sign-in).
import { accessDenied } from '../errors.ts';
import { credentialsXml } from '../role-session.ts';
import { SERIAL_PATTERN, Validation } from '../validation.ts';
import { MFA_FAILED } from './assume-role.ts';
import { type StsAction, signedCaller } from './types.ts';

export const getSessionToken: StsAction = {
  signed: true,
  handle(context) {
    const { params, state, now } = context;
    const caller = signedCaller(context);
    const v = new Validation();
    const duration = v.integer(params.get('DurationSeconds'), 'durationSeconds', 900, 129600);
    const serialNumber = params.get('SerialNumber');
    v.text(serialNumber, 'serialNumber', 9, 256, SERIAL_PATTERN);
    const tokenCode = params.get('TokenCode');
    v.text(tokenCode, 'tokenCode', 6, 6, '[\\d]*');
    v.throwIfAny();
    if (!caller.user) throw accessDenied('Cannot call GetSessionToken with session credentials');
    if (serialNumber !== undefined || tokenCode !== undefined) throw accessDenied(MFA_FAILED);
    const user = caller.user;
    const issuedAt = Math.floor(now.getTime() / 1000);
    const issued = state.sessions.issue({
      kind: 'user-session',
      account: user.account,
      arn: user.arn,
      userId: user.userId,
      userName: user.name,
      console: 'none',
      issuedBy: 'GetSessionToken',
      issuedAt,
      expiresAt: issuedAt + (duration ?? 43200),
    });
    return { Credentials: credentialsXml(issued) };
  },
};
