// The device authorization grant (RFC 8628): a CLI asks for a device code and a user code, the
// person approves or denies the user code in their browser, and the CLI polls until it is decided.
import { RoleportError } from '../errors.ts';
import type { StoredIdentity } from '../identity/index.ts';
import { type ExpiringStore, type TokenMfa, newSecret, secretHash } from '../broker/index.ts';
import { newUserCode } from './user-code.ts';

export const DEVICE_CODE_LIFETIME = 600;
export const POLL_INTERVAL = 5;
/** Records outlive their expiry a little, so a late poll hears "expired" rather than "unknown". */
const GRACE_MS = 10 * 60 * 1000;

export type DeviceClient = { name?: string; ip?: string; userAgent?: string };

export type DeviceGrant = {
  deviceHash: string;
  userCode: string;
  createdAt: number;
  expiresAt: number;
  client: DeviceClient;
  status: 'pending' | 'approved' | 'denied';
  /** Set on approval: who approved, until when the token they grant may live, and their step-up then. */
  approval?: { identity: StoredIdentity; tokenExpiresAt: number; approvedAt?: number; mfa?: TokenMfa };
};

type PollState = { lastPolledAt: number; interval: number };

export type PollResult = { status: 'approved'; grant: DeviceGrant } | { status: 'denied'; grant: DeviceGrant };

const deviceKey = (deviceHash: string) => `device:${deviceHash}`;
const userCodeKey = (userCode: string) => `device-user-code:${userCode}`;
const pollKey = (deviceHash: string) => `device-poll:${deviceHash}`;

const pollError = (code: string, message: string) => new RoleportError({ status: 400, code, message });

export type DeviceGrants = ReturnType<typeof createDeviceGrants>;

export function createDeviceGrants(store: ExpiringStore, clock: () => Date) {
  const now = () => clock().getTime();

  async function findByUserCode(userCode: string): Promise<DeviceGrant | undefined> {
    const deviceHash = await store.get<string>(userCodeKey(userCode));
    const grant = deviceHash ? await store.get<DeviceGrant>(deviceKey(deviceHash)) : undefined;
    return grant && grant.expiresAt > now() ? grant : undefined;
  }

  return {
    /** A new grant; the device code is returned once and kept only as its hash. */
    async start(client: DeviceClient): Promise<{ deviceCode: string; grant: DeviceGrant }> {
      const deviceCode = newSecret('rpd_');
      const deviceHash = secretHash(deviceCode);
      const createdAt = now();
      const expiresAt = createdAt + DEVICE_CODE_LIFETIME * 1000;
      // A user code names one live grant: draw again on the rare collision.
      for (let attempt = 0; attempt < 5; attempt++) {
        const userCode = newUserCode();
        if (!(await store.create(userCodeKey(userCode), deviceHash, expiresAt))) continue;
        const grant: DeviceGrant = { deviceHash, userCode, createdAt, expiresAt, client, status: 'pending' };
        await store.set(deviceKey(deviceHash), grant, expiresAt + GRACE_MS);
        return { deviceCode, grant };
      }
      throw new RoleportError({ status: 503, code: 'busy', message: 'no free user code could be drawn; try again' });
    },

    findByUserCode,

    /** Records the person's decision on a pending grant; undefined when it is gone or already decided. */
    async decide(userCode: string, decision: 'approved' | 'denied', approval?: DeviceGrant['approval']): Promise<DeviceGrant | undefined> {
      const grant = await findByUserCode(userCode);
      if (!grant || grant.status !== 'pending') return undefined;
      const decided: DeviceGrant = { ...grant, status: decision, approval: decision === 'approved' ? approval : undefined };
      await store.set(deviceKey(grant.deviceHash), decided, grant.expiresAt + GRACE_MS);
      // The code has done its work: it cannot be shown or decided again.
      await store.delete(userCodeKey(grant.userCode));
      return decided;
    },

    /**
     * One poll of the CLI: the decided grant (used up by this call), or a RoleportError 400 named as
     * RFC 8628 names them: authorization_pending, slow_down, access_denied, expired_token, invalid_grant.
     */
    async poll(deviceCode: string): Promise<PollResult> {
      const deviceHash = secretHash(deviceCode);
      const grant = await store.get<DeviceGrant>(deviceKey(deviceHash));
      if (!grant) throw pollError('invalid_grant', 'this device code is unknown or was already used; run roleport login again');
      if (grant.expiresAt <= now()) {
        await store.delete(deviceKey(deviceHash));
        throw pollError('expired_token', 'the sign-in request expired before it was approved; run roleport login again');
      }
      if (grant.status !== 'pending') {
        // Of two polls at once, only one collects the decision.
        const taken = await store.take<DeviceGrant>(deviceKey(deviceHash));
        if (!taken) throw pollError('invalid_grant', 'this device code is unknown or was already used; run roleport login again');
        await store.delete(pollKey(deviceHash));
        return { status: taken.status === 'approved' ? 'approved' : 'denied', grant: taken };
      }
      const state = await store.get<PollState>(pollKey(deviceHash));
      const at = now();
      if (state && at - state.lastPolledAt < state.interval * 1000) {
        const interval = state.interval + 5;
        await store.set(pollKey(deviceHash), { lastPolledAt: at, interval }, grant.expiresAt + GRACE_MS);
        throw pollError('slow_down', `polling too fast; wait ${interval} seconds between polls`);
      }
      await store.set(pollKey(deviceHash), { lastPolledAt: at, interval: state?.interval ?? POLL_INTERVAL }, grant.expiresAt + GRACE_MS);
      throw pollError('authorization_pending', 'waiting for the sign-in to be approved in the browser');
    },
  };
}
