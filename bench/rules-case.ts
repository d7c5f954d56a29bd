// Rule evaluation in this process: 10,000 rules over 200 groups, for a person in all 200 groups.
import { performance } from 'node:perf_hooks';
import { buildAccessPolicy, resolveEntitlements } from '../src/access/index.ts';
import { checkConfig } from '../src/config/index.ts';
import { benchConfig, ruleSet } from './bench-config.ts';
import { type Spread, spread } from './stats.ts';

export type RulesResult = { msPerEvaluation: Spread; entitlements: number; rules: number; groups: number };

export function measureRules(rounds: number, maxEvaluations: number, maxMs = 3000): RulesResult {
  const { rules, groups } = ruleSet();
  const raw = { ...benchConfig({ broker: 1, sandbox: 2 }, { ldapUrl: 'ldap://127.0.0.1:1', serviceDn: 'cn=x', servicePassword: 'x', baseDn: 'dc=x' }, '$scrypt$ln=4,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'), rules };
  const { config } = checkConfig(raw, { env: { BENCH_SESSION_SECRET: 'x'.repeat(40), BENCH_BROKER_SECRET: 'x', BENCH_LDAP_PASSWORD: 'x' }, baseDir: '.', file: '(bench)' });
  const policy = buildAccessPolicy(config);
  const person = { groups };
  let entitlements = resolveEntitlements(person, policy).length; // first call: any lazy compilation
  const perRound: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const t0 = performance.now();
    let n = 0;
    while (n < maxEvaluations && performance.now() - t0 < maxMs) {
      entitlements = resolveEntitlements(person, policy).length;
      n++;
    }
    perRound.push((performance.now() - t0) / n);
  }
  return { msPerEvaluation: spread(perRound), entitlements, rules: rules.length, groups: groups.length };
}
