// Fixture users with meaning, and a small builder for configurations: alice (aws-admins, developers),
// bob (developers), carol (disabled).
import { hashPassword } from '../../src/identity/index.ts';

export const PASSWORDS = { alice: 'alice-password-1', bob: 'bob-password-2', carol: 'carol-password-3' } as const;
const cheap = { ln: 4, r: 8, p: 1 };

export const LOCAL_USERS = [
  { name: 'alice', displayName: 'Alice Admin', email: 'alice@example.com', password: await hashPassword(PASSWORDS.alice, cheap), groups: ['aws-admins', 'developers'], attributes: { department: 'platform' } },
  { name: 'bob', displayName: 'Bob Builder', email: 'bob@example.com', password: await hashPassword(PASSWORDS.bob, cheap), groups: ['developers'] },
  { name: 'carol', displayName: 'Carol Gone', password: await hashPassword(PASSWORDS.carol, cheap), groups: ['aws-admins'], disabled: true },
];

/** A complete configuration with local users, two accounts, four roles and the demo's rules. */
export function baseConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    session: { secret: 'env:TEST_SESSION_SECRET' },
    identity: [{ id: 'corp', type: 'local', label: 'Corporate', users: LOCAL_USERS }],
    accounts: [
      { id: '111111111111', name: 'prod', color: 'red' },
      { id: '222222222222', name: 'dev' },
    ],
    roles: [
      { account: 'prod', name: 'Admin', description: 'Full administrator' },
      { account: 'prod', name: 'ReadOnly' },
      { account: 'dev', name: 'Developer' },
      { account: 'dev', name: 'ReadOnly' },
    ],
    rules: [
      { description: 'Administrators', groups: ['aws-admins'], grant: ['prod/Admin', 'dev/*'] },
      { groups: ['developers'], grant: ['dev/Developer', 'prod/ReadOnly'] },
    ],
    ...overrides,
  };
}

export const TEST_ENV = { TEST_SESSION_SECRET: 'a-test-session-secret-that-is-long-enough' };
