// ldapts, loaded with the first connection to a directory, so a configuration without an LDAP source
// never loads it. Error checks that run synchronously use the loaded copy: before it is loaded, no
// ldapts error or entry can exist.
import type * as Ldapts from 'ldapts';

let loaded: typeof Ldapts | undefined;

export async function loadLdapts(): Promise<typeof Ldapts> {
  loaded ??= await import('ldapts');
  return loaded;
}

/** ldapts once a connection has loaded it, else undefined. */
export function ldaptsIfLoaded(): typeof Ldapts | undefined {
  return loaded;
}
