// Exponential back-off: the wait after the n-th failed attempt doubles each time, up to a cap.

/** Seconds to wait after `attempts` failed attempts (1 → base, 2 → 2×base, ...), at most `max`. */
export function retryDelaySeconds(attempts: number, base: number, max: number): number {
  return Math.min(base * 2 ** Math.min(attempts - 1, 30), max);
}
