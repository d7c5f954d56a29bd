// A clock the test moves by hand: TOTP steps, throttle waits and timeouts pass without waiting.
export function testClock(start = '2026-12-01T10:00:00.000Z') {
  let now = new Date(start).getTime();
  return { now: () => new Date(now), advance: (seconds: number) => void (now += seconds * 1000) };
}
