// Makes "no such user" take about as long as a refused bind, so response times do not tell
// which usernames exist: a moving average of recent user binds, plus a little jitter.

export type TimingPad = {
  /** Times a user bind to learn how long one takes; failures count only when `counts(error)` says so. */
  timeBind<T>(bind: () => Promise<T>, counts: (error: unknown) => boolean): Promise<T>;
  /** Waits about as long as one user bind takes. */
  padOneBind(): Promise<void>;
};

export type TimingPadOptions = {
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Assumed bind time before any bind was seen. */
  initialMs?: number;
};

const WEIGHT = 0.2; // of the newest bind in the moving average
const MAX_PAD_MS = 2_000; // never hold a request longer than this for padding's sake
const JITTER = 0.1;

export function createTimingPad(options: TimingPadOptions = {}): TimingPad {
  const now = options.now ?? (() => performance.now());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  let averageMs = options.initialMs ?? 20;
  const learn = (ms: number) => (averageMs = averageMs * (1 - WEIGHT) + Math.min(ms, MAX_PAD_MS) * WEIGHT);
  return {
    async timeBind(bind, counts) {
      const start = now();
      try {
        const result = await bind();
        learn(now() - start);
        return result;
      } catch (error) {
        if (counts(error)) learn(now() - start);
        throw error;
      }
    },
    async padOneBind() {
      const wait = Math.min(averageMs * (1 + JITTER * (random() * 2 - 1)), MAX_PAD_MS);
      if (wait > 0) await sleep(wait);
    },
  };
}
