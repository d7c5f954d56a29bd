// The ldap source against a real OpenLDAP slapd: sign-in, groups by every strategy slapd can serve,
// refusals, injection attempts, TLS, failover, and the directory going down and coming back.
import assert from 'node:assert/strict';
import { type Server, type Socket, connect, createServer } from 'node:net';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { ldapSourceSchema } from '../../src/config/sources/ldap.ts';
import { RoleportError } from '../../src/errors.ts';
import type { PasswordIdentitySource } from '../../src/identity/identity.ts';
import { createLdapSource } from '../../src/identity/ldap/index.ts';
import { createLogger } from '../../src/log.ts';
import { BASE_DN, SERVICE_DN, SERVICE_PASSWORD, type Slapd, startSlapd } from '../peers/slapd.ts';
import { freePort } from '../support/free-port.ts';

const PEOPLE = `ou=people,${BASE_DN}`;
const GROUPS = `ou=groups,${BASE_DN}`;
const WRONG = { status: 401, code: 'invalid_credentials', message: 'wrong username or password' };
const DISABLED = { status: 403, code: 'account_disabled', message: 'this account is disabled; ask your directory administrator' };
const LOCKED = { status: 403, code: 'account_locked', message: 'this account is locked; ask your directory administrator to unlock it' };
const UNAVAILABLE = { status: 503, code: 'directory_unavailable', message: 'the directory is unavailable, try again in a minute' };

let slapd: Slapd;
const sources: PasswordIdentitySource[] = [];

type LogLine = { level: number; msg: string; [key: string]: unknown };

/** A source built from the real config schema, with its log lines captured. */
function makeSource(raw: Record<string, unknown>) {
  const ctx = { env: { LDAP_BIND_PASSWORD: SERVICE_PASSWORD, WRONG_BIND_PASSWORD: 'not-the-service-password' }, baseDir: '/', warnings: [] as string[] };
  const config = ldapSourceSchema(ctx).parse({
    id: 'corp',
    type: 'ldap',
    label: 'Corp directory',
    urls: [slapd.ldapUrl],
    bind: { dn: SERVICE_DN, password: 'env:LDAP_BIND_PASSWORD' },
    users: { base: PEOPLE, filter: '(uid={username})' },
    attributes: { department: 'departmentNumber', employeeType: 'employeeType' },
    ...raw,
  });
  const lines: LogLine[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const source = createLdapSource(config, { logger: createLogger({ level: 'debug', destination }) });
  sources.push(source);
  return { source, lines, warnings: ctx.warnings };
}

async function refusal(promise: Promise<unknown>): Promise<{ status: number; code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof RoleportError, `expected a RoleportError, got ${String(error)}`);
    return { status: error.status, code: error.code, message: error.message };
  }
  assert.fail('the sign-in was expected to be refused');
}

/** A loopback TCP proxy to slapd that counts the connections Roleport opens, or a server that never answers. */
async function startProxy(target: number | 'silent') {
  const open = new Set<Socket>();
  let accepted = 0;
  const server: Server = createServer((socket) => {
    accepted++;
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.on('error', () => socket.destroy());
    if (target === 'silent') return; // accepts, reads, never answers
    const upstream = connect(target, '127.0.0.1');
    upstream.on('error', () => socket.destroy());
    socket.on('close', () => upstream.destroy());
    upstream.on('close', () => socket.destroy());
    socket.pipe(upstream).pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    get accepted() {
      return accepted;
    },
    get open() {
      return open.size;
    },
    /** Hangs up every connection, as a server's idle timeout would. */
    dropAll: () => {
      for (const socket of open) socket.destroy();
    },
    close: () => {
      for (const socket of open) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Waits until `condition` holds (sockets close a moment after the client hangs up). */
async function eventually(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(condition(), what);
}

before(async () => {
  slapd = await startSlapd();
});
after(async () => {
  await Promise.all(sources.map((source) => source.close?.()));
  await slapd?.close();
});

describe('LDAP sign-in (bind-and-search with a service account)', () => {
  it('signs alice in with her nested groups, display name, email and mapped attributes', async () => {
    const { source } = makeSource({ groups: { strategy: 'recursive', base: GROUPS } });
    const identity = await source.authenticate('alice', 'alice-password');
    assert.equal(identity.username, 'alice');
    assert.equal(identity.subject, `uid=alice,${PEOPLE}`);
    assert.equal(identity.displayName, 'Alice Liddell');
    assert.equal(identity.email, 'alice@corp.example');
    assert.equal(identity.source, 'corp');
    assert.equal(identity.mfa, false);
    // developers only through platform; engineering through developers (the two contain each other).
    assert.deepEqual(identity.groups, ['aws-admins', 'platform', 'developers', 'engineering']);
    assert.deepEqual(identity.attributes, { department: ['Platform Engineering'], employeeType: ['staff', 'oncall'] });
    assert.equal(source.label, 'Corp directory');
  });

  it('takes the username as the directory spells it, whatever case was typed', async () => {
    const { source } = makeSource({});
    const identity = await source.authenticate('  ALICE ', 'alice-password');
    assert.equal(identity.username, 'alice');
  });

  it('reads direct groups from memberOf', async () => {
    const { source } = makeSource({ groups: { strategy: 'memberOf' } });
    assert.deepEqual((await source.authenticate('alice', 'alice-password')).groups, ['aws-admins', 'platform']);
    assert.deepEqual((await source.authenticate('bob', 'bob-password')).groups, ['developers']);
  });

  it('finds groups by searching member, uniqueMember and memberUid', async () => {
    const byMember = makeSource({ groups: { strategy: 'search', base: GROUPS } }).source;
    assert.deepEqual((await byMember.authenticate('bob', 'bob-password')).groups, ['developers']);
    const byUniqueMember = makeSource({ groups: { strategy: 'search', base: GROUPS, memberAttribute: 'uniqueMember' } }).source;
    assert.deepEqual((await byUniqueMember.authenticate('bob', 'bob-password')).groups, ['auditors']);
    const byUid = makeSource({ groups: { strategy: 'search', base: GROUPS, memberAttribute: 'memberUid', filter: '(objectClass=posixGroup)' } }).source;
    assert.deepEqual((await byUid.authenticate('bob', 'bob-password')).groups, ['vpn-users']);
  });

  it('keeps group names as the directory spells them, or gives DNs, when asked', async () => {
    const caseKept = makeSource({ groups: { strategy: 'search', base: GROUPS, memberAttribute: 'uniqueMember', caseSensitive: true } }).source;
    assert.deepEqual((await caseKept.authenticate('bob', 'bob-password')).groups, ['Auditors']);
    const asDn = makeSource({ groups: { strategy: 'memberOf', as: 'dn' } }).source;
    assert.deepEqual((await asDn.authenticate('bob', 'bob-password')).groups, [`cn=developers,${GROUPS}`]);
  });

  it('follows nesting only to groups.maxDepth and says so in the log', async () => {
    const { source, lines } = makeSource({ groups: { strategy: 'recursive', base: GROUPS, maxDepth: 1 } });
    assert.deepEqual((await source.authenticate('alice', 'alice-password')).groups, ['aws-admins', 'platform']);
    assert.equal(lines.filter((line) => line.msg.includes('deeper than groups.maxDepth')).length, 1);
  });

  it("adds the Active Directory primary group found by the user's objectSid and primaryGroupID", async () => {
    const { source } = makeSource({ groups: { strategy: 'memberOf', base: GROUPS }, activeDirectory: { primaryGroup: true } });
    assert.deepEqual((await source.authenticate('alice', 'alice-password')).groups, ['aws-admins', 'platform', 'domain-users']);
  });

  it('signs in with AD attribute names (sAMAccountName) mapped by config', async () => {
    const { source } = makeSource({ users: { base: PEOPLE, filter: '(sAMAccountName={username})' }, attributes: { username: 'sAMAccountName', email: 'userPrincipalName' } });
    const identity = await source.authenticate('Alice', 'alice-password');
    assert.equal(identity.username, 'alice');
    assert.equal(identity.email, 'alice@corp.example');
  });

  it('refuses a wrong password, an unknown user and a blank password with the same message', async () => {
    const { source } = makeSource({});
    assert.deepEqual(await refusal(source.authenticate('alice', 'not-her-password')), WRONG);
    assert.deepEqual(await refusal(source.authenticate('mallory', 'alice-password')), WRONG);
    assert.deepEqual(await refusal(source.authenticate('alice', '')), WRONG);
    assert.deepEqual(await refusal(source.authenticate('', 'alice-password')), WRONG);
  });

  it('refuses a blank password before talking to the directory at all', async () => {
    // Pointed at a closed port: a bind attempt would answer 503, not 401.
    const { source } = makeSource({ urls: [`ldap://127.0.0.1:${await freePort()}`] });
    assert.deepEqual(await refusal(source.authenticate('alice', '')), WRONG);
  });

  it('lets no injection attempt in the username sign in or match another entry', async () => {
    const { source } = makeSource({ groups: { strategy: 'recursive', base: GROUPS } });
    const attempts = ['*', 'a*', 'ali*', '*)(uid=*', ')(uid=*', 'alice)(|(uid=*', '*)(|(objectClass=*', 'alice)(uid=alice', '\\00', 'alice\0', 'alice\\00', '\\2a', 'álice'];
    for (const username of attempts) {
      assert.deepEqual(await refusal(source.authenticate(username, 'alice-password')), WRONG, `username ${JSON.stringify(username)}`);
      assert.deepEqual(await refusal(source.authenticate(username, 'star-password')), WRONG, `username ${JSON.stringify(username)}`);
    }
  });

  it('matches special and non-ASCII characters literally: "alice*" and "ålice" are their own people', async () => {
    const { source } = makeSource({});
    // uid=alice* exists: its own password signs it in, and only it.
    assert.equal((await source.authenticate('alice*', 'star-password')).subject, `uid=alice*,${PEOPLE}`);
    assert.deepEqual(await refusal(source.authenticate('alice*', 'alice-password')), WRONG);
    assert.equal((await source.authenticate('ålice', 'ring-password')).displayName, 'Ålice Ring');
    assert.deepEqual(await refusal(source.authenticate('ålice', 'alice-password')), WRONG);
  });

  it("refuses carol's disabled account, and tells only someone who knows her password", async () => {
    const { source } = makeSource({});
    assert.deepEqual(await refusal(source.authenticate('carol', 'carol-password')), DISABLED);
    assert.deepEqual(await refusal(source.authenticate('carol', 'wrong')), WRONG);
  });

  it('refuses locked accounts: ppolicy pwdAccountLockedTime (dave) and AD lockoutTime (erin)', async () => {
    const { source } = makeSource({});
    assert.deepEqual(await refusal(source.authenticate('dave', 'dave-password')), LOCKED);
    assert.deepEqual(await refusal(source.authenticate('erin', 'erin-password')), LOCKED);
  });

  it('answers "unavailable" when the service account itself is refused, and logs that as the cause', async () => {
    const { source, lines } = makeSource({ bind: { dn: SERVICE_DN, password: 'env:WRONG_BIND_PASSWORD' } });
    assert.deepEqual(await refusal(source.authenticate('alice', 'alice-password')), UNAVAILABLE);
    assert.deepEqual(await refusal(source.authenticate('bob', 'bob-password')), UNAVAILABLE);
    const logged = lines.filter((line) => line.level === 50);
    assert.equal(logged.length, 1);
    assert.equal(logged[0].problem, 'the service account (bind.dn / bind.password) was refused by the directory');
    assert.ok(!JSON.stringify(lines).includes('not-the-service-password'));
  });

  it('answers "unavailable" when the directory refuses a search it was configured for, and logs the LDAP result', async () => {
    const { source, lines } = makeSource({ users: { base: `ou=nowhere,${BASE_DN}` } });
    assert.deepEqual(await refusal(source.authenticate('alice', 'alice-password')), UNAVAILABLE);
    const logged = lines.filter((line) => line.level === 50);
    assert.equal(logged.length, 1);
    assert.match(String(logged[0].ldapError), /^LDAP result 32: /);
  });

  it('serves many sign-ins at once through a pool of one service connection', async () => {
    const { source } = makeSource({ pool: { size: 1 }, groups: { strategy: 'recursive', base: GROUPS } });
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => source.authenticate(i % 2 ? 'bob' : 'alice', i % 2 ? 'bob-password' : 'alice-password')));
    assert.deepEqual(results.map((identity) => identity.username), ['alice', 'bob', 'alice', 'bob', 'alice', 'bob', 'alice', 'bob']);
  });
});

describe('LDAP sign-in by direct bind (no service account)', () => {
  const direct = { bind: undefined, users: { base: PEOPLE, dnTemplate: `uid={username},${PEOPLE}` } };

  it('binds as alice by DN template and reads her entry and groups with her own connection', async () => {
    const { source } = makeSource({ ...direct, groups: { strategy: 'recursive', base: GROUPS } });
    const identity = await source.authenticate('alice', 'alice-password');
    assert.equal(identity.subject, `uid=alice,${PEOPLE}`);
    assert.deepEqual(identity.groups, ['aws-admins', 'platform', 'developers', 'engineering']);
  });

  it('refuses wrong passwords, DN injection, disabled and locked accounts', async () => {
    const { source } = makeSource(direct);
    assert.deepEqual(await refusal(source.authenticate('alice', 'nope')), WRONG);
    for (const username of ['alice,ou=people', 'alice+cn=x', '*', 'cn=admin,dc=corp,dc=example', 'alice\0', ' #alice', 'alice\\']) {
      assert.deepEqual(await refusal(source.authenticate(username, 'alice-password')), WRONG, `username ${JSON.stringify(username)}`);
    }
    assert.deepEqual(await refusal(source.authenticate('carol', 'carol-password')), DISABLED);
    // The comma in "jo, smith" is escaped into the DN, so Jo can sign in (slapd writes it back as \2C).
    assert.equal((await source.authenticate('jo, smith', 'jo-password')).subject, `uid=jo\\2C smith,${PEOPLE}`);
    // ppolicy refuses the bind; its response control says why.
    assert.deepEqual(await refusal(source.authenticate('dave', 'dave-password')), LOCKED);
  });
});

describe('LDAP transport: TLS and failover', () => {
  it('signs in over ldaps:// with the test CA', async () => {
    const { source, warnings } = makeSource({ urls: [slapd.ldapsUrl], tls: { ca: slapd.caFile, minVersion: 'TLSv1.2' } });
    assert.equal((await source.authenticate('alice', 'alice-password')).username, 'alice');
    assert.deepEqual(warnings, []);
  });

  it('signs in over StartTLS with the test CA', async () => {
    const { source, warnings } = makeSource({ urls: [slapd.ldapUrl], startTls: true, tls: { ca: slapd.caFile } });
    assert.equal((await source.authenticate('bob', 'bob-password')).username, 'bob');
    assert.deepEqual(warnings, []);
  });

  it('refuses a server whose certificate another CA signed: the user sees "unavailable", the log names the certificate', async () => {
    for (const raw of [
      { urls: [slapd.ldapsUrl], tls: { ca: slapd.wrongCaFile } },
      { urls: [slapd.ldapUrl], startTls: true, tls: { ca: slapd.wrongCaFile } },
      { urls: [slapd.ldapsUrl] }, // Node's public roots do not know the test CA either
    ]) {
      const { source, lines } = makeSource(raw);
      assert.deepEqual(await refusal(source.authenticate('alice', 'alice-password')), UNAVAILABLE);
      const logged = lines.filter((line) => line.level === 50);
      assert.equal(logged.length, 1);
      assert.match(JSON.stringify(logged[0].problems), /TLS certificate problem: (UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)/);
    }
  });

  it('accepts the unchecked certificate only with insecureSkipVerify, and warns loudly', async () => {
    const { source, warnings, lines } = makeSource({ urls: [slapd.ldapsUrl], tls: { insecureSkipVerify: true } });
    assert.equal((await source.authenticate('alice', 'alice-password')).username, 'alice');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /tls\.insecureSkipVerify is on .* NOT checked/);
    assert.ok(lines.some((line) => line.level === 40 && line.msg.includes('insecureSkipVerify')));
  });

  it('fails over to the second URL when the first is down, and logs the dead one once', async () => {
    const dead = `ldap://127.0.0.1:${await freePort()}`;
    const { source, lines } = makeSource({ urls: [dead, slapd.ldapUrl], pool: { size: 1 } });
    assert.equal((await source.authenticate('alice', 'alice-password')).username, 'alice');
    assert.equal((await source.authenticate('bob', 'bob-password')).username, 'bob');
    assert.equal((await source.authenticate('alice', 'alice-password')).username, 'alice');
    const warned = lines.filter((line) => line.msg.startsWith('LDAP server cannot be used'));
    assert.equal(warned.length, 1);
    assert.equal(warned[0].url, dead);
    assert.equal(warned[0].problem, 'connection refused');
    assert.equal(lines.filter((line) => line.level >= 50).length, 0);
  });
});

describe('LDAP connections and timeouts', () => {
  for (const [transportName, startTls] of [['plain LDAP', false], ['StartTLS', true]] as const) {
    it(`reuses one service connection and one connection for people's binds across sign-ins (${transportName})`, async () => {
      const proxy = await startProxy(slapd.port);
      try {
        const { source } = makeSource({ urls: [`ldap://127.0.0.1:${proxy.port}`], groups: { strategy: 'recursive', base: GROUPS }, ...(startTls ? { startTls, tls: { ca: slapd.caFile } } : {}) });
        for (const [username, password] of [['alice', 'alice-password'], ['bob', 'bob-password'], ['alice', 'alice-password']]) {
          assert.equal((await source.authenticate(username, password)).username, username);
        }
        assert.equal(proxy.accepted, 2, 'one service connection + one reused for the three binds');
        // A refused bind drops its connection: the next sign-in binds on a new one.
        assert.deepEqual(await refusal(source.authenticate('bob', 'wrong')), WRONG);
        await eventually(() => proxy.open === 1, 'the connection of the refused bind is closed');
        assert.equal((await source.authenticate('bob', 'bob-password')).username, 'bob');
        assert.equal(proxy.accepted, 3);
        await eventually(() => proxy.open === 2, 'the service and bind connections stay open');
        await source.close?.();
        await eventually(() => proxy.open === 0, 'closing the source closes both pools');
      } finally {
        await proxy.close();
      }
    });
  }

  for (const [flow, raw] of [
    ['bind-and-search', {}],
    ['direct bind', { bind: undefined, users: { base: PEOPLE, dnTemplate: `uid={username},${PEOPLE}` } }],
  ] as const) {
    it(`lets nobody in on the connection of an earlier bind, and a refused bind breaks no later sign-in (${flow})`, async () => {
      const proxy = await startProxy(slapd.port);
      try {
        const { source } = makeSource({ urls: [`ldap://127.0.0.1:${proxy.port}`], pool: { size: 1 }, ...raw });
        assert.equal((await source.authenticate('alice', 'alice-password')).username, 'alice');
        // The pooled connection is bound as alice: a wrong password for her or for bob is still refused.
        assert.deepEqual(await refusal(source.authenticate('alice', 'wrong')), WRONG);
        assert.deepEqual(await refusal(source.authenticate('bob', 'alice-password')), WRONG);
        assert.deepEqual(await refusal(source.authenticate('bob', 'wrong')), WRONG);
        // Refused accounts stay refused on a reused connection.
        assert.equal((await source.authenticate('alice', 'alice-password')).username, 'alice');
        assert.deepEqual(await refusal(source.authenticate('carol', 'carol-password')), DISABLED);
        assert.deepEqual(await refusal(source.authenticate('dave', 'dave-password')), LOCKED);
        // After each refusal the next person signs in as themselves, with their own groups.
        const bob = await source.authenticate('bob', 'bob-password');
        assert.equal(bob.subject, `uid=bob,${PEOPLE}`);
        const alice = await source.authenticate('alice', 'alice-password');
        assert.equal(alice.subject, `uid=alice,${PEOPLE}`);
        assert.notDeepEqual(alice.groups, bob.groups);
      } finally {
        await proxy.close();
      }
    });
  }

  it('opens a new connection when the pooled bind connection was closed by the server while idle', async () => {
    const proxy = await startProxy(slapd.port);
    try {
      const { source } = makeSource({ urls: [`ldap://127.0.0.1:${proxy.port}`], bind: undefined, users: { base: PEOPLE, dnTemplate: `uid={username},${PEOPLE}` } });
      assert.equal((await source.authenticate('alice', 'alice-password')).username, 'alice');
      proxy.dropAll();
      await eventually(() => proxy.open === 0, 'the proxy hung up');
      assert.equal((await source.authenticate('bob', 'bob-password')).username, 'bob');
      assert.equal(proxy.accepted, 2);
    } finally {
      await proxy.close();
    }
  });

  it('gives up on a server that never answers after the operation timeout, and fails over to the next', async () => {
    const silent = await startProxy('silent');
    try {
      const alone = makeSource({ urls: [`ldap://127.0.0.1:${silent.port}`], timeouts: { connect: '1s', operation: '1s' } });
      assert.deepEqual(await refusal(alone.source.authenticate('alice', 'alice-password')), UNAVAILABLE);
      assert.match(JSON.stringify(alone.lines.find((line) => line.level === 50)?.problems), /no answer in time \(operation timeout\)/);

      const tls = makeSource({ urls: [`ldaps://127.0.0.1:${silent.port}`], tls: { ca: slapd.caFile }, timeouts: { connect: '1s', operation: '1s' } });
      assert.deepEqual(await refusal(tls.source.authenticate('alice', 'alice-password')), UNAVAILABLE);
      assert.match(JSON.stringify(tls.lines.find((line) => line.level === 50)?.problems), /connect timed out/);

      const failover = makeSource({ urls: [`ldap://127.0.0.1:${silent.port}`, slapd.ldapUrl], timeouts: { connect: '1s', operation: '1s' } });
      assert.equal((await failover.source.authenticate('bob', 'bob-password')).username, 'bob');
    } finally {
      await silent.close();
    }
  });
});

describe('LDAP outage and recovery', () => {
  it('answers 503 while slapd is down, logs the outage once, and recovers by itself when it returns', async () => {
    // Plain and StartTLS: ldapts loses sight of a StartTLS socket's close, so both are worth seeing.
    const plain = makeSource({ groups: { strategy: 'recursive', base: GROUPS } });
    const startTls = makeSource({ startTls: true, tls: { ca: slapd.caFile } });
    for (const { source } of [plain, startTls]) assert.equal((await source.authenticate('alice', 'alice-password')).username, 'alice');

    await slapd.kill();
    try {
      for (const { source } of [plain, startTls]) {
        assert.deepEqual(await refusal(source.authenticate('alice', 'alice-password')), UNAVAILABLE);
        assert.deepEqual(await refusal(source.authenticate('bob', 'bob-password')), UNAVAILABLE);
        assert.deepEqual(await refusal(source.authenticate('alice', 'alice-password')), UNAVAILABLE);
      }
    } finally {
      await slapd.start();
    }

    assert.deepEqual((await plain.source.authenticate('alice', 'alice-password')).groups, ['aws-admins', 'platform', 'developers', 'engineering']);
    for (const { source } of [plain, startTls]) assert.equal((await source.authenticate('bob', 'bob-password')).username, 'bob');

    for (const { lines } of [plain, startTls]) {
      const down = lines.filter((line) => line.msg.startsWith('LDAP directory unavailable'));
      const back = lines.filter((line) => line.msg.startsWith('LDAP directory answers again'));
      assert.equal(down.length, 1);
      assert.equal(down[0].level, 50);
      assert.match(JSON.stringify(down[0].problems), /connection refused/);
      assert.equal(back.length, 1);
      assert.ok(lines.indexOf(down[0]) < lines.indexOf(back[0]));
      // Nothing secret reaches the log.
      assert.ok(!JSON.stringify(lines).includes('alice-password'));
      assert.ok(!JSON.stringify(lines).includes(SERVICE_PASSWORD));
    }
  });
});
