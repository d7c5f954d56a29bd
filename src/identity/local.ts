// The `local` identity source: users from a file (or inline) with scrypt password hashes.
// Unknown users, wrong and blank passwords get one message, in about the same time.
import type { Directory, GroupMembers, Identity, PasswordIdentitySource } from './identity.ts';
import { hashPassword, parseHashCost, verifyPassword } from './password-hash.ts';
import { accountDisabled, invalidCredentials } from './sign-in-errors.ts';

export type LocalUserRecord = {
  name: string;
  password: string;
  groups: string[];
  displayName?: string;
  email?: string;
  attributes: Record<string, string | string[]>;
  disabled: boolean;
};


export function createLocalSource(options: { id: string; label?: string; users: LocalUserRecord[]; clock?: () => Date }): PasswordIdentitySource {
  const users = new Map(options.users.map((user) => [user.name.toLowerCase(), user]));
  const clock = options.clock ?? (() => new Date());
  // A hash with the users' own cost, checked when the user is unknown, so both take the same time.
  const cost = parseHashCost(options.users[0]?.password ?? '') ?? { ln: 15, r: 8, p: 1 };
  const decoy = hashPassword('decoy password of no user', cost);

  return {
    kind: 'password',
    id: options.id,
    type: 'local',
    label: options.label ?? options.id,
    async authenticate(username, password) {
      const user = users.get(username.trim().toLowerCase());
      const hash = user?.password ?? (await decoy);
      const matches = await verifyPassword(password, hash);
      if (!user || !matches || password === '') throw invalidCredentials();
      if (user.disabled) throw accountDisabled('administrator');
      return toIdentity(user, options.id, clock());
    },
    directory: localDirectory(options.users, options.id, clock, users),
  };
}

/** The users file answers every question an access review asks. */
function localDirectory(list: LocalUserRecord[], source: string, clock: () => Date, byName: Map<string, LocalUserRecord>): Directory {
  return {
    async lookUp(username) {
      const user = byName.get(username.trim().toLowerCase());
      return user ? { identity: toIdentity(user, source, clock()), canSignIn: !user.disabled } : undefined;
    },
    async membersOf(pattern) {
      const groups = new Map<string, GroupMembers>();
      for (const user of list) {
        for (const group of user.groups.filter(pattern.matches)) {
          if (!groups.has(group)) groups.set(group, { group, members: [] });
          groups.get(group)!.members.push({ username: user.name, displayName: user.displayName ?? user.name });
        }
      }
      return [...groups.values()];
    },
  };
}

function toIdentity(user: LocalUserRecord, source: string, now: Date): Identity {
  const attributes: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(user.attributes)) attributes[name] = Array.isArray(value) ? value : [value];
  return {
    subject: `${source}:${user.name}`,
    username: user.name,
    displayName: user.displayName ?? user.name,
    email: user.email,
    groups: [...user.groups],
    attributes,
    source,
    mfa: false,
    authTime: now,
  };
}
