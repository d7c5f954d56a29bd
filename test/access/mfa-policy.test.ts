import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildAccessPolicy, mfaPolicyWarnings, resolveEntitlements } from '../../src/access/index.ts';
import { ConfigError, checkConfig } from '../../src/config/index.ts';
import { TEST_ENV, baseConfig } from '../support/fixtures.ts';
import { MFA_ENV } from '../support/mfa.ts';

/** A configuration with mfa.encryptionKey set, as any that asks for MFA must have. */
function load(overrides: Record<string, unknown> = {}) {
  return checkConfig(baseConfig({ mfa: { encryptionKey: 'env:TEST_MFA_KEY' }, ...overrides }), { env: { ...TEST_ENV, ...MFA_ENV }, baseDir: '.', file: '(test)' });
}

/** The problems of a configuration that must not load. */
function problemsOf(overrides: Record<string, unknown>): string[] {
  try {
    load(overrides);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error.problems;
  }
  assert.fail('expected the configuration to be refused');
}

const policyFor = (overrides: Record<string, unknown> = {}) => buildAccessPolicy(load(overrides).config);

/** role key -> the reasons it needs MFA for someone in `groups` (roles that need none are left out). */
function mfaOf(groups: string[], overrides: Record<string, unknown>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of resolveEntitlements({ groups }, policyFor(overrides))) if (e.mfaRequired) out[e.role.key] = e.mfaRequired.reasons;
  return out;
}

const ROLES = [
  { account: 'prod', name: 'Admin', mfa: 'required' },
  { account: 'prod', name: 'ReadOnly' },
  { account: 'dev', name: 'Developer' },
  { account: 'dev', name: 'ReadOnly' },
];

describe('which roles need a second factor', () => {
  test('a role with mfa: required needs it for everyone it is granted to, with that reason', () => {
    assert.deepEqual(mfaOf(['aws-admins'], { roles: ROLES }), { 'prod/Admin': ['the role prod/Admin says mfa: required'] });
    assert.deepEqual(mfaOf(['developers'], { roles: ROLES }), {});
  });

  test("an account with mfa: required makes every one of its roles need it", () => {
    const accounts = [{ id: '111111111111', name: 'prod', mfa: 'required' }, { id: '222222222222', name: 'dev' }];
    assert.deepEqual(mfaOf(['aws-admins', 'developers'], { accounts }), {
      'prod/Admin': ['the account prod says mfa: required'],
      'prod/ReadOnly': ['the account prod says mfa: required'],
    });
  });

  test('a rule with mfa: required asks it only of the people that rule grants the role to', () => {
    const rules = [
      { description: 'Administrators', groups: ['aws-admins'], grant: ['prod/*'], mfa: 'required' },
      { groups: ['developers'], grant: ['prod/ReadOnly'] },
    ];
    assert.deepEqual(mfaOf(['aws-admins'], { rules }), {
      'prod/Admin': ['rule #1 (Administrators) grants it with mfa: required'],
      'prod/ReadOnly': ['rule #1 (Administrators) grants it with mfa: required'],
    });
    // bob gets prod/ReadOnly from rule #2 only: no second factor for him.
    assert.deepEqual(mfaOf(['developers'], { rules }), {});
    // Granted by both rules, the stricter one wins.
    assert.deepEqual(mfaOf(['aws-admins', 'developers'], { rules })['prod/ReadOnly'], ['rule #1 (Administrators) grants it with mfa: required']);
  });

  test('mfa accepts only "required"', () => {
    assert.deepEqual(problemsOf({ roles: [{ account: 'prod', name: 'Admin', mfa: 'yes' }] }), ["roles[0].mfa: found 'yes', allowed: 'required'"]);
    assert.deepEqual(problemsOf({ rules: [{ groups: ['g'], grant: ['prod/Admin'], mfa: true }] }), ["rules[0].mfa: found true, allowed: 'required'"]);
  });
});

describe('the session tags only Roleport sets', () => {
  test('a role of its own may not use the tag keys mfa or mfa-method, in any case', () => {
    assert.deepEqual(problemsOf({ roles: [{ account: 'prod', name: 'Admin', sessionTags: { MFA: 'true', 'Mfa-Method': 'totp', team: '{username}' } }] }), [
      "roles[0].sessionTags.MFA: 'MFA' is a session tag only Roleport sets (mfa, mfa-method, on sessions of roles that need MFA); choose another key",
      "roles[0].sessionTags.Mfa-Method: 'Mfa-Method' is a session tag only Roleport sets (mfa, mfa-method, on sessions of roles that need MFA); choose another key",
    ]);
  });
});

describe('MFA roles AWS cannot check', () => {
  test('a web-identity role that needs MFA is warned about: Roleport enforces step-up alone', () => {
    const oidc = { id: 'sso', type: 'oidc', issuer: 'https://sso.example.com', clientId: 'roleport' };
    const { config } = load({
      identity: [...(baseConfig().identity as unknown[]), oidc],
      roles: [{ account: 'prod', name: 'Admin', method: 'web-identity' }, { account: 'dev', name: 'Developer', method: 'web-identity' }, { account: 'dev', name: 'ReadOnly' }],
      rules: [{ groups: ['aws-admins'], grant: ['prod/Admin'], mfa: 'required' }, { groups: ['developers'], grant: ['dev/*'] }],
    });
    assert.deepEqual(mfaPolicyWarnings(buildAccessPolicy(config)), [
      "role prod/Admin needs MFA (rule #1 grants it with mfa: required) but uses method web-identity: AssumeRoleWithWebIdentity takes no session tags from Roleport, so its trust policy cannot check aws:RequestTag/mfa; Roleport's step-up alone guards it",
    ]);
  });
});

describe('MFA without a way to set up a factor', () => {
  const noKey = { mfa: {}, roles: ROLES };
  test('is refused when no identity source reports a second factor either, naming mfa.encryptionKey', () => {
    const problems = problemsOf(noKey);
    assert.ok(problems.some((p) => /^mfa\.encryptionKey: some roles need a second factor \(mfa: required\), but mfa\.encryptionKey is not set/.test(p)), problems.join('\n'));
  });

  test("loads with a warning when an identity provider reports MFA: only its people's MFA sign-ins open those roles", () => {
    const oidc = { id: 'sso', type: 'oidc', issuer: 'https://sso.example.org', clientId: 'roleport', clientSecret: 'env:TEST_SESSION_SECRET', mfa: { amr: ['otp'] } };
    const base = baseConfig(noKey) as { identity: unknown[] };
    const { warnings } = checkConfig({ ...base, identity: [...base.identity, oidc] }, { env: TEST_ENV, baseDir: '.', file: '(test)' });
    assert.ok(warnings.some((w) => /only sign-ins whose identity provider reports a second factor can open them/.test(w)), warnings.join('\n'));
  });
});
