// The replay cache (an assertion ID accepted once until it expires) in memory and in Redis, where
// replicas share it with the request cache: a response used at one replica is refused at the others.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { createClient } from 'redis';
import type { RoleportConfig } from '../../src/config/index.ts';
import { samlSourceSchema } from '../../src/config/sources/saml.ts';
import { RoleportError } from '../../src/errors.ts';
import { createMemoryReplayCache, createSamlSource } from '../../src/identity/index.ts';
import { createLogger } from '../../src/log.ts';
import { makeCertificate } from '../peers/simplesamlphp.ts';
import { freePort } from '../support/free-port.ts';
import { type Signer, forgeResponse } from '../peers/saml/forge.ts';

const PUBLIC_URL = 'https://roleport.test';
const IDP = 'https://idp.test/metadata';
const prefix = `roleport-test-${randomBytes(4).toString('hex')}:`;
const silent = createLogger({ level: 'silent' });
let dir: string;
let idp: Signer;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'roleport-saml-replay-'));
  idp = makeCertificate(dir, 'idp');
});
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  const redis = createClient({ url: 'redis://127.0.0.1:6379' });
  await redis.connect();
  for await (const keys of redis.scanIterator({ MATCH: `${prefix}*` })) if (keys.length > 0) await redis.del(keys);
  await redis.quit();
});

function replica(redisUrl: string) {
  const config = samlSourceSchema({ env: {}, baseDir: dir, warnings: [] }).parse({ id: 'corp', type: 'saml', entryPoint: 'https://idp.test/sso', idpIssuer: IDP, idpCertificates: [idp.cert], allowIdpInitiated: true });
  // Only the session store matters here: the SAML caches follow it into Redis.
  const session = { store: { type: 'redis', url: { value: redisUrl, from: 'literal' }, prefix } } as unknown as RoleportConfig['session'];
  return createSamlSource(config, { logger: silent, publicUrl: PUBLIC_URL, config: { session } });
}

const response = (extra: { inResponseTo?: string } = {}) =>
  forgeResponse({ issuer: IDP, audience: `${PUBLIC_URL}/saml/corp`, recipient: `${PUBLIC_URL}/saml/corp/acs`, destination: `${PUBLIC_URL}/saml/corp/acs`, attributes: { uid: 'alice' }, ...extra }, idp);

describe('the in-memory replay cache', () => {
  it('accepts an ID once until it expires, then forgets it', async () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const cache = createMemoryReplayCache({ clock: () => now });
    assert.equal(await cache.rememberOnce('_a', new Date('2026-01-01T00:05:00Z')), true);
    assert.equal(await cache.rememberOnce('_a', new Date('2026-01-01T00:05:00Z')), false);
    now = new Date('2026-01-01T00:06:00Z');
    assert.equal(await cache.rememberOnce('_a', new Date('2026-01-01T00:10:00Z')), true);
  });

  it('refuses new IDs rather than forget live ones when full', async () => {
    const cache = createMemoryReplayCache({ maxEntries: 2 });
    const later = new Date(Date.now() + 60_000);
    assert.equal(await cache.rememberOnce('_a', later), true);
    assert.equal(await cache.rememberOnce('_b', later), true);
    assert.equal(await cache.rememberOnce('_c', later), false);
  });
});

describe('the Redis replay and request caches shared by replicas', () => {
  it('refuses at a second replica a response already used at the first', async () => {
    const [one, two] = [replica('redis://127.0.0.1:6379'), replica('redis://127.0.0.1:6379')];
    try {
      const saml = response();
      assert.equal((await one.completeSignIn(saml, new Date())).username, 'alice');
      await assert.rejects(two.completeSignIn(saml, new Date()), (error: RoleportError) => error.code === 'saml_replayed');
    } finally {
      await Promise.all([one.close?.(), two.close?.()]);
    }
  });

  it('accepts at one replica the answer to a request sent by another, once', async () => {
    const [one, two] = [replica('redis://127.0.0.1:6379'), replica('redis://127.0.0.1:6379')];
    try {
      const url = new URL((await one.loginUrl('/')).url);
      const request = inflateRawSync(Buffer.from(url.searchParams.get('SAMLRequest') ?? '', 'base64')).toString();
      const id = /ID="([^"]+)"/.exec(request)?.[1] ?? assert.fail('no request ID');
      assert.equal((await two.completeSignIn(response({ inResponseTo: id }), new Date())).username, 'alice');
      await assert.rejects(one.completeSignIn(response({ inResponseTo: id }), new Date()), (error: RoleportError) => error.code === 'saml_unsolicited');
    } finally {
      await Promise.all([one.close?.(), two.close?.()]);
    }
  });

  it('refuses sign-in (503) rather than skip the check when Redis cannot be reached', async () => {
    const down = replica(`redis://127.0.0.1:${await freePort()}`);
    try {
      await assert.rejects(down.completeSignIn(response(), new Date()), (error: RoleportError) => {
        assert.equal(error.status, 503);
        assert.equal(error.message, 'Sign-in is unavailable for a moment (Roleport cannot reach its shared store). Try again in a minute.');
        return true;
      });
    } finally {
      await down.close?.();
    }
  });
});
