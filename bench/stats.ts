// Medians with their spread over the rounds, and the per-round ratios of a case to its baseline.

export type Spread = { median: number; min: number; max: number };

export function spread(values: number[]): Spread {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN };
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1] };
}

/** Ratios round by round (round i of `a` over round i of `b`), then their spread. */
export function ratios(a: number[], b: number[]): Spread {
  return spread(a.map((value, i) => value / b[i]));
}

function digits(value: number): string {
  if (!Number.isFinite(value)) return '-';
  const abs = Math.abs(value);
  return abs >= 100 ? value.toFixed(0) : abs >= 10 ? value.toFixed(1) : abs >= 1 ? value.toFixed(2) : value.toFixed(3);
}

/** "1.23 (1.10–1.40)" */
export function show(s: Spread): string {
  return s.min === s.max ? digits(s.median) : `${digits(s.median)} (${digits(s.min)}–${digits(s.max)})`;
}
