import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildAccessPolicy, resolveEntitlements } from '../../src/access/index.ts';
import { checkConfig } from '../../src/config/index.ts';
import { TEST_ENV, baseConfig } from '../support/fixtures.ts';

function policyFor(overrides: Record<string, unknown> = {}) {
  const { config } = checkConfig(baseConfig(overrides), { env: TEST_ENV, baseDir: '.', file: '(test)' });
  return buildAccessPolicy(config);
}

const keys = (groups: string[], policy = policyFor()) => resolveEntitlements({ groups }, policy).map((e) => e.role.key);

describe('access rules', () => {
  test('an administrator gets prod/Admin and every dev role, a developer gets two roles', () => {
    assert.deepEqual(keys(['aws-admins', 'developers']), ['dev/Developer', 'dev/ReadOnly', 'prod/Admin', 'prod/ReadOnly']);
    assert.deepEqual(keys(['developers']), ['dev/Developer', 'prod/ReadOnly']);
  });

  test('someone in no matching group gets nothing', () => {
    assert.deepEqual(keys([]), []);
    assert.deepEqual(keys(['marketing']), []);
  });

  test('each entitlement says which rule and which group granted it', () => {
    const [devReadOnly] = resolveEntitlements({ groups: ['aws-admins'] }, policyFor()).filter((e) => e.role.key === 'dev/ReadOnly');
    assert.deepEqual(devReadOnly.reasons, ["rule #1 (Administrators) grants 'dev/*' to group 'aws-admins'"]);
    const developer = resolveEntitlements({ groups: ['aws-admins', 'developers'] }, policyFor()).find((e) => e.role.key === 'dev/Developer');
    assert.deepEqual(developer?.reasons, ["rule #1 (Administrators) grants 'dev/*' to group 'aws-admins'", "rule #2 grants 'dev/Developer' to group 'developers'"]);
  });

  test('group names match case-insensitively and by glob', () => {
    const policy = policyFor({ rules: [{ groups: ['team-*'], grant: ['dev/Developer'] }] });
    assert.deepEqual(keys(['Team-Payments'], policy), ['dev/Developer']);
    assert.deepEqual(keys(['teams'], policy), []);
  });

  test('a deny removes a role whatever grants it', () => {
    const policy = policyFor({
      rules: [
        { groups: ['aws-admins'], grant: ['*/*'] },
        { groups: ['contractors'], deny: ['prod/*'] },
      ],
    });
    assert.deepEqual(keys(['aws-admins'], policy), ['dev/Developer', 'dev/ReadOnly', 'prod/Admin', 'prod/ReadOnly']);
    assert.deepEqual(keys(['aws-admins', 'contractors'], policy), ['dev/Developer', 'dev/ReadOnly']);
  });

  test('role patterns are exact outside their wildcards', () => {
    const policy = policyFor({ rules: [{ groups: ['g'], grant: ['prod/Read*', 'dev/developer'] }] });
    assert.deepEqual(keys(['g'], policy), ['prod/ReadOnly']);
  });

  test('role ARNs use the account partition and the role path', () => {
    const policy = policyFor({
      accounts: [{ id: '111111111111', name: 'prod' }, { id: '222222222222', name: 'dev', partition: 'aws-us-gov' }],
      roles: [{ account: 'prod', name: 'Admin', path: '/team/' }, { account: 'dev', name: 'Developer' }],
    });
    assert.equal(policy.roles.get('prod/Admin')?.arn, 'arn:aws:iam::111111111111:role/team/Admin');
    assert.equal(policy.roles.get('dev/Developer')?.arn, 'arn:aws-us-gov:iam::222222222222:role/Developer');
  });

  test('a group named twice in a rule, exactly and by glob, gives one reason, in the order of the person’s groups', () => {
    const policy = policyFor({ rules: [{ groups: ['team-*', 'Team-B', 'team-b'], grant: ['dev/Developer'] }] });
    const [developer] = resolveEntitlements({ groups: ['team-b', 'team-a'] }, policy);
    assert.deepEqual(developer.reasons, ["rule #1 grants 'dev/Developer' to group 'team-b'", "rule #1 grants 'dev/Developer' to group 'team-a'"]);
  });

  test('many rules give the same entitlements and reasons as reading every rule in turn', () => {
    const roles = ['prod/Admin', 'prod/ReadOnly', 'dev/Developer', 'dev/ReadOnly'];
    const groupNames = ['g0', 'g1', 'G2', 'team-x', 'team-y', 'ops'];
    const patterns = ['g0', 'G1', 'g2', 'team-*', 'TEAM-?', 'o*', 'nobody'];
    const rolePatterns = ['prod/Admin', 'prod/*', 'dev/*', '*/ReadOnly', 'dev/Developer', 'prod/admin'];
    let seed = 7;
    const pick = <T>(list: T[]) => list[(seed = (seed * 1103515245 + 12345) % 2147483648) % list.length];
    const rules = Array.from({ length: 300 }, (_, i) => ({
      description: i % 3 === 0 ? `r${i}` : undefined,
      groups: [pick(patterns), pick(patterns)],
      ...(i % 11 === 0 ? { deny: [pick(rolePatterns)] } : { grant: [pick(rolePatterns), pick(rolePatterns)] }),
    }));
    const policy = policyFor({ rules });
    // The definition, read literally: every rule, every role.
    const expected = () => {
      const granted = new Map<string, string[]>();
      const denied = new Set<string>();
      for (const rule of policy.rules) {
        const groups = groupNames.filter((g) => rule.groups.some((p) => p.matches(g)));
        if (groups.length === 0) continue;
        for (const key of roles) {
          if (rule.deny.some((p) => p.matches(key))) denied.add(key);
          const grant = rule.grant.find((p) => p.matches(key));
          if (!grant) continue;
          const name = rule.description ? `rule #${rule.number} (${rule.description})` : `rule #${rule.number}`;
          granted.set(key, [...(granted.get(key) ?? []), ...groups.map((g) => `${name} grants '${grant.text}' to group '${g}'`)]);
        }
      }
      return [...granted].filter(([key]) => !denied.has(key)).sort(([a], [b]) => a.localeCompare(b));
    };
    const actual = resolveEntitlements({ groups: groupNames }, policy).map((e) => [e.role.key, e.reasons]).sort(([a], [b]) => String(a).localeCompare(String(b)));
    assert.ok(actual.length > 0);
    assert.deepEqual(actual, expected());
  });
});
