import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitFederationName, fitName, fitSessionName, fitSourceIdentity } from '../../src/aws/session-name.ts';

const STS_NAME = /^[\w+=,.@-]+$/;

describe('session names fitted from usernames', () => {
  it('keeps a username that already fits, such as alice or an email address', () => {
    assert.equal(fitSessionName('alice'), 'alice');
    assert.equal(fitSessionName('alice@example.com'), 'alice@example.com');
    assert.equal(fitFederationName('bob.smith+ops@example.com'), 'bob.smith+ops@example.com');
  });

  it('replaces characters STS refuses and appends a hash of the original', () => {
    const name = fitSessionName('CORP\\alice smith');
    assert.match(name, /^CORP-alice-smith=[a-z2-7]{10}$/);
    assert.match(name, STS_NAME);
  });

  it('drops accents instead of replacing the letter', () => {
    assert.match(fitSessionName('josé.müller'), /^jose\.muller=[a-z2-7]{10}$/);
  });

  it('gives different names to usernames that differ only in a refused character', () => {
    const names = new Set(['a b', 'a-b', 'a/b', 'a:b', 'a\tb'].map(fitSessionName));
    assert.equal(names.size, 5);
  });

  it('never lets an unchanged username equal a changed one, even one shaped like the hash suffix', () => {
    const changed = fitSessionName('a b');
    assert.notEqual(fitSessionName(changed), changed);
    assert.match(fitSessionName(changed), new RegExp(`^${changed}=[a-z2-7]{10}$`));
  });

  it('cuts long usernames to 64 (session) and 32 (federation) characters without collisions', () => {
    const long1 = `${'x'.repeat(70)}1`;
    const long2 = `${'x'.repeat(70)}2`;
    assert.equal(fitSessionName(long1).length, 64);
    assert.equal(fitFederationName(long1).length, 32);
    assert.notEqual(fitSessionName(long1), fitSessionName(long2));
    assert.notEqual(fitFederationName(long1), fitFederationName(long2));
    const exactly32 = 'y'.repeat(32);
    assert.equal(fitFederationName(exactly32), exactly32);
    assert.notEqual(fitFederationName(`${exactly32}z`), exactly32);
  });

  it('lengthens a one-character username to STS minimum of two', () => {
    const name = fitSessionName('q');
    assert.ok(name.length >= 2);
    assert.match(name, /^q=[a-z2-7]{10}$/);
    assert.match(fitName('', 64), /^=[a-z2-7]{10}$/);
  });

  it('gives a source identity that can never start with aws:', () => {
    const identity = fitSourceIdentity('aws:admin');
    assert.ok(!identity.startsWith('aws:'));
    assert.match(identity, /^aws-admin=[a-z2-7]{10}$/);
  });

  it('is stable: the same username always gives the same name', () => {
    assert.equal(fitSessionName('Ünïcode Üser'), fitSessionName('Ünïcode Üser'));
  });
});
