// The performance targets of issue 16, each checked against the median of this run.
import { type Spread, show } from './stats.ts';

export type Target = { name: string; met: boolean; measured: string };

export type Measured = {
  issuanceThroughput: Spread;
  issuanceCpu: Spread;
  overheadMs: Spread;
  ldapThroughput: Spread;
  rulesMs: Spread;
  picker1000Ms: Spread;
  picker1000Bytes: number;
  rss10kMb: number;
  coldStartMs: Spread;
};

export function checkTargets(m: Measured): Target[] {
  return [
    { name: 'issuance throughput ≥ 0.95× direct', met: m.issuanceThroughput.median >= 0.95, measured: `${show(m.issuanceThroughput)}×` },
    { name: 'broker CPU per issuance ≤ 0.9 ms', met: m.issuanceCpu.median <= 0.9, measured: `${show(m.issuanceCpu)} ms` },
    { name: 'unloaded overhead ≤ direct + 0.3 ms', met: m.overheadMs.median <= 0.3, measured: `+${show(m.overheadMs)} ms` },
    { name: 'LDAP sign-in ≥ 0.8× direct ldapts', met: m.ldapThroughput.median >= 0.8, measured: `${show(m.ldapThroughput)}×` },
    { name: 'rules 10,000 × 200 groups < 1 ms', met: m.rulesMs.median < 1, measured: `${show(m.rulesMs)} ms` },
    { name: 'picker, 1,000 roles < 20 ms', met: m.picker1000Ms.median < 20, measured: `${show(m.picker1000Ms)} ms (p50, 1 client)` },
    { name: 'picker, 1,000 roles < 300 KB', met: m.picker1000Bytes < 300 * 1024, measured: `${(m.picker1000Bytes / 1024).toFixed(1)} KB` },
    { name: 'RSS < 150 MB with 10k sessions', met: m.rss10kMb < 150, measured: `${m.rss10kMb.toFixed(0)} MB` },
    { name: 'cold start < 1 s', met: m.coldStartMs.median < 1000, measured: `${show(m.coldStartMs)} ms` },
  ];
}
