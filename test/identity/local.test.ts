import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createLocalSource } from '../../src/identity/index.ts';
import { LOCAL_USERS, PASSWORDS } from '../support/fixtures.ts';

const source = createLocalSource({ id: 'corp', users: LOCAL_USERS.map((u) => ({ attributes: {}, disabled: false, ...u })) });

async function refusal(username: string, password: string) {
  try {
    await source.authenticate(username, password);
  } catch (error) {
    return error as { status: number; code: string; message: string };
  }
  assert.fail(`${username} signed in`);
}

describe('local identity source', () => {
  test('alice signs in with her password and gets her groups and attributes', async () => {
    const identity = await source.authenticate('alice', PASSWORDS.alice);
    assert.equal(identity.username, 'alice');
    assert.equal(identity.displayName, 'Alice Admin');
    assert.equal(identity.email, 'alice@example.com');
    assert.deepEqual(identity.groups, ['aws-admins', 'developers']);
    assert.deepEqual(identity.attributes, { department: ['platform'] });
    assert.equal(identity.source, 'corp');
  });

  test('user names are matched without regard to case', async () => {
    assert.equal((await source.authenticate('Alice', PASSWORDS.alice)).username, 'alice');
  });

  test('a wrong password, an unknown user and a blank password all get the same message', async () => {
    for (const [username, password] of [['alice', 'wrong'], ['mallory', 'whatever'], ['alice', ''], ['', '']]) {
      const error = await refusal(username, password);
      assert.equal(error.status, 401);
      assert.equal(error.message, 'wrong username or password');
    }
  });

  test("another user's password does not work", async () => {
    assert.equal((await refusal('alice', PASSWORDS.bob)).message, 'wrong username or password');
  });

  test('a disabled user is refused with a clear message, but only with the right password', async () => {
    const disabled = await refusal('carol', PASSWORDS.carol);
    assert.equal(disabled.status, 403);
    assert.equal(disabled.message, 'this account is disabled; ask your administrator');
    assert.equal((await refusal('carol', 'wrong')).message, 'wrong username or password');
  });
});
