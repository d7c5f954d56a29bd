// The wait that makes an unknown username as slow as a wrong password (clock and sleep injected).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTimingPad } from '../../src/identity/ldap/timing-pad.ts';

function fakeClock() {
  let time = 0;
  const slept: number[] = [];
  return {
    now: () => time,
    advance: (ms: number) => (time += ms),
    sleep: async (ms: number) => {
      slept.push(ms);
      time += ms;
    },
    slept,
  };
}

describe('timing pad', () => {
  it('waits about as long as recent user binds took', async () => {
    const clock = fakeClock();
    const pad = createTimingPad({ now: clock.now, sleep: clock.sleep, random: () => 0.5, initialMs: 40 });
    for (let i = 0; i < 30; i++) await pad.timeBind(async () => clock.advance(100), () => true);
    await pad.padOneBind();
    assert.equal(clock.slept.length, 1);
    assert.ok(Math.abs(clock.slept[0] - 100) < 1, `slept ${clock.slept[0]} ms`);
  });

  it('learns from refused binds but not from a directory that could not be reached', async () => {
    const clock = fakeClock();
    const pad = createTimingPad({ now: clock.now, sleep: clock.sleep, random: () => 0.5, initialMs: 40 });
    const refused = new Error('invalid credentials');
    const unreachable = new Error('ECONNREFUSED');
    await assert.rejects(pad.timeBind(async () => { clock.advance(5_000); throw unreachable; }, (e) => e === refused));
    await pad.padOneBind();
    assert.equal(clock.slept[0], 40);
    await assert.rejects(pad.timeBind(async () => { clock.advance(90); throw refused; }, (e) => e === refused));
    await pad.padOneBind();
    assert.equal(clock.slept[1], 40 * 0.8 + 90 * 0.2);
  });

  it('adds up to 10% jitter and never waits more than two seconds', async () => {
    const clock = fakeClock();
    const low = createTimingPad({ now: clock.now, sleep: clock.sleep, random: () => 0, initialMs: 100 });
    const high = createTimingPad({ now: clock.now, sleep: clock.sleep, random: () => 1, initialMs: 100 });
    const capped = createTimingPad({ now: clock.now, sleep: clock.sleep, random: () => 1, initialMs: 60_000 });
    await low.padOneBind();
    await high.padOneBind();
    await capped.padOneBind();
    assert.deepEqual(clock.slept.map(Math.round), [90, 110, 2000]);
  });
});
