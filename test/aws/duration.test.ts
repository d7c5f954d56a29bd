import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseDuration } from '../../src/aws/duration.ts';

describe('session durations', () => {
  it("defaults to the role's maximum", () => {
    assert.deepEqual(chooseDuration({ roleMax: 43200, actionMax: 43200, chained: false }), { seconds: 43200, notices: [] });
  });

  it('keeps what was asked when it fits', () => {
    assert.deepEqual(chooseDuration({ requested: 3600, roleMax: 43200, actionMax: 43200, chained: false }), { seconds: 3600, notices: [] });
  });

  it("clamps a longer request to the role's maximum and says so", () => {
    assert.deepEqual(chooseDuration({ requested: 86400, roleMax: 28800, actionMax: 43200, chained: false }), {
      seconds: 28800,
      notices: ['You asked for 24h; this role allows at most 8h.'],
    });
  });

  it("raises a request below STS's 15-minute minimum to 15 minutes", () => {
    assert.equal(chooseDuration({ requested: 60, roleMax: 3600, actionMax: 43200, chained: false }).seconds, 900);
  });

  it('caps a role-chained session at 1 hour and tells the person why', () => {
    assert.deepEqual(chooseDuration({ roleMax: 43200, actionMax: 43200, chained: true }), {
      seconds: 3600,
      notices: ['This session lasts 1h instead of 12h: Roleport signs in to AWS with temporary role credentials, and AWS limits sessions of a role assumed from another role (role chaining) to 1 hour.'],
    });
  });

  it('says nothing about chaining when the session is 1 hour or shorter anyway', () => {
    assert.deepEqual(chooseDuration({ requested: 1800, roleMax: 43200, actionMax: 43200, chained: true }), { seconds: 1800, notices: [] });
  });

  it("respects the action's own maximum (GetFederationToken allows 36 hours)", () => {
    assert.equal(chooseDuration({ requested: 129600, roleMax: 129600, actionMax: 129600, chained: false }).seconds, 129600);
    assert.equal(chooseDuration({ requested: 129600, roleMax: 129600, actionMax: 43200, chained: false }).seconds, 43200);
  });
});
