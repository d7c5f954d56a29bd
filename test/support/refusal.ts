// The RoleportError a promise is refused with; fails the test when it resolves instead.
import assert from 'node:assert/strict';
import { RoleportError } from '../../src/errors.ts';

export async function refusal(promise: Promise<unknown>): Promise<RoleportError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof RoleportError, `expected a RoleportError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a refusal, but it was accepted');
}
