// The key of a person's stored data: their identity source and its subject, never the username
// (usernames are reused; subjects are what a source promises to keep).
import type { Identity } from '../../identity/index.ts';
import type { PersonKey, Storage } from '../../storage/index.ts';

export function personOf(identity: Identity): PersonKey {
  return { source: identity.source, subject: identity.subject };
}

/** The sign-in throttle's key for a person's factor checks. */
export function mfaThrottleKey(person: PersonKey): string {
  return `mfa:${person.source}:${person.subject}`;
}

/** Keeps how the person is shown (for administrators), when they store something. */
export function rememberPerson(storage: Storage, identity: Identity, at: number): Promise<void> {
  return storage.people.remember({ ...personOf(identity), username: identity.username, displayName: identity.displayName, seenAt: at });
}
