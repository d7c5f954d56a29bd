// Rule evaluation in this process: 10,000 rules over 200 groups, for a person in all 200 groups.
import { performance } from 'node:perf_hooks';
import { buildAccessPolicy, resolveEntitlements } from '../src/access/index.ts';
import { checkConfig } from '../src/config/index.ts';
import { benchConfig, ruleSet } from './bench-config.ts';
import { type Spread, spread } from './stats.ts';

/** CPU time per evaluation (what a busy machine cannot inflate), and wall time. */
export type RulesResult = { msPerEvaluation: Spread; wallMsPerEvaluation: Spread; entitlements: number; matchedRules: number; rules: number; groups: number };

export function measureRules(rounds: number, maxEvaluations: number, maxMs = 3000): RulesResult {
  const { rules, groups } = ruleSet();
  const raw = { ...benchConfig({ broker: 1, sandbox: 2 }, { ldapUrl: 'ldap://127.0.0.1:1', serviceDn: 'cn=x', servicePassword: 'x', baseDn: 'dc=x' }, '$scrypt$ln=4,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'), rules };
  const { config } = checkConfig(raw, { env: { BENCH_SESSION_SECRET: 'x'.repeat(40), BENCH_BROKER_SECRET: 'x', BENCH_LDAP_PASSWORD: 'x' }, baseDir: '.', file: '(bench)' });
  const policy = buildAccessPolicy(config);
  const person = { groups };
  const first = resolveEntitlements(person, policy); // first call: any lazy compilation
  let entitlements = first.length;
  const matchedRules = new Set(first.flatMap((e) => e.reasons.map((reason) => reason.split(' ')[1]))).size;
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    let n = 0;
    while (n < maxEvaluations && performance.now() - t0 < maxMs) {
      entitlements = resolveEntitlements(person, policy).length;
      n++;
    }
    const used = process.cpuUsage(cpu0);
    cpu.push((used.user + used.system) / 1000 / n);
    wall.push((performance.now() - t0) / n);
  }
  return { msPerEvaluation: spread(cpu), wallMsPerEvaluation: spread(wall), entitlements, matchedRules, rules: rules.length, groups: groups.length };
}
