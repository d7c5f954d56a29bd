// The `type: ldap` source's configuration: defaults, and a message naming what is allowed for each mistake.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { formatIssue } from '../../src/config/format-issues.ts';
import { identitySourceSchema } from '../../src/config/sources/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'roleport-ldap-config-'));
writeFileSync(join(dir, 'corp-ca.pem'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
writeFileSync(join(dir, 'not-a-cert.pem'), 'hello\n');

const MINIMAL = {
  id: 'corp',
  type: 'ldap',
  urls: ['ldaps://dc1.corp.example'],
  bind: { dn: 'CN=roleport,OU=Service,DC=corp,DC=example', password: 'env:LDAP_BIND_PASSWORD' },
  users: { base: 'DC=corp,DC=example' },
};

function check(raw: Record<string, unknown>) {
  const ctx = { env: { LDAP_BIND_PASSWORD: 's3cret' }, baseDir: dir, warnings: [] as string[] };
  const result = identitySourceSchema(ctx).safeParse(raw, { reportInput: true });
  return { result, warnings: ctx.warnings, problems: result.success ? [] : result.error.issues.map(formatIssue) };
}

const withChange = (change: Record<string, unknown>) => ({ ...MINIMAL, ...change });

describe('LDAP source configuration', () => {
  it('fills in the documented defaults', () => {
    const { result, warnings } = check(MINIMAL);
    assert.ok(result.success);
    assert.equal(result.data.type, 'ldap');
    if (result.data.type !== 'ldap') return;
    const { bind, ...rest } = result.data;
    assert.deepEqual(bind, { dn: 'CN=roleport,OU=Service,DC=corp,DC=example', password: { value: 's3cret', from: 'env:LDAP_BIND_PASSWORD' } });
    assert.deepEqual(rest, {
      id: 'corp',
      type: 'ldap',
      urls: ['ldaps://dc1.corp.example'],
      startTls: false,
      tls: { minVersion: 'TLSv1.2', insecureSkipVerify: false },
      users: { base: 'DC=corp,DC=example', filter: '(uid={username})', scope: 'sub' },
      groups: { strategy: 'memberOf', filter: '(objectClass=*)', memberAttribute: 'member', nameAttribute: 'cn', as: 'name', caseSensitive: false, maxDepth: 5 },
      attributes: {},
      activeDirectory: { primaryGroup: false },
      timeouts: { connect: 5, operation: 10 },
      pool: { size: 2 },
    });
    assert.deepEqual(warnings, []);
  });

  it('accepts the full shape: StartTLS with a CA, direct UPN bind, AD groups, attributes, timeouts', () => {
    const { result, problems } = check({
      id: 'ad',
      type: 'ldap',
      label: 'Corp AD',
      urls: ['ldap://dc1.corp.example:389', 'ldap://dc2.corp.example'],
      startTls: true,
      tls: { ca: './corp-ca.pem', minVersion: 'TLSv1.3', servername: 'dc.corp.example' },
      users: { base: 'DC=corp,DC=example', filter: '(sAMAccountName={username})', upnSuffix: 'corp.example' },
      groups: { strategy: 'ad-in-chain', base: 'OU=Groups,DC=corp,DC=example', filter: '(objectClass=group)', as: 'dn' },
      attributes: { username: 'sAMAccountName', email: 'mail', department: 'department', costCenter: 'extensionAttribute1' },
      activeDirectory: { primaryGroup: true },
      timeouts: { connect: '3s', operation: '1m' },
      pool: { size: 4 },
    });
    assert.deepEqual(problems, []);
    assert.ok(result.success && result.data.type === 'ldap');
    if (!result.success || result.data.type !== 'ldap') return;
    assert.equal(result.data.tls.ca, join(dir, 'corp-ca.pem'));
    assert.deepEqual(result.data.timeouts, { connect: 3, operation: 60 });
  });

  it('names what is allowed for each mistake', () => {
    const cases: [Record<string, unknown>, string][] = [
      [withChange({ urls: ['https://dc1.corp.example'] }), "urls[0]: scheme 'https:' is not allowed; allowed: ldap:// or ldaps:// (found 'https://dc1.corp.example')"],
      [withChange({ urls: ['ldap://dc1/ou=x'] }), "urls[0]: expected ldap://host[:port] or ldaps://host[:port] with nothing after the port (found 'ldap://dc1/ou=x')"],
      [withChange({ urls: [] }), 'urls: list at least one ldap:// or ldaps:// URL'],
      [withChange({ startTls: true }), 'urls[0]: startTls applies to ldap:// URLs; an ldaps:// URL is TLS from the start (use ldap:// with startTls, or ldaps:// without it)'],
      [withChange({ users: { base: 'DC=corp,DC=example', filter: '(uid=alice)' } }), "users.filter: must contain {username}, e.g. '(sAMAccountName={username})' (found '(uid=alice)')"],
      [withChange({ users: { base: 'DC=corp,DC=example', filter: '(uid={user})' } }), "users.filter: unknown placeholder {user}; allowed: {username} (found '(uid={user})')"],
      [withChange({ users: { base: 'DC=corp,DC=example', filter: 'uid={username}' } }), "users.filter: expected an LDAP filter in parentheses, such as '(uid={username})' (found 'uid={username}')"],
      [withChange({ groups: { strategy: 'nested' } }), "groups.strategy: found 'nested', allowed: 'memberOf' | 'search' | 'ad-in-chain' | 'recursive'"],
      [withChange({ groups: { memberAttribute: 'members' } }), "groups.memberAttribute: found 'members', allowed: 'member' | 'uniqueMember' | 'memberUid'"],
      [withChange({ groups: { strategy: 'recursive', memberAttribute: 'memberUid' } }), 'groups.memberAttribute: the recursive strategy follows group DNs; allowed with it: member | uniqueMember'],
      [withChange({ groups: { maxDepth: 11 } }), 'groups.maxDepth: must be at most 10 (found 11)'],
      [withChange({ groups: { as: 'cn' } }), "groups.as: found 'cn', allowed: 'name' | 'dn'"],
      [withChange({ tls: { minVersion: 'TLSv1' } }), "tls.minVersion: found 'TLSv1', allowed: 'TLSv1.2' | 'TLSv1.3'"],
      [withChange({ tls: { ca: './missing.pem' } }), `tls.ca: cannot read the CA file: ENOENT (found '${join(dir, 'missing.pem')}')`],
      [withChange({ tls: { ca: './not-a-cert.pem' } }), `tls.ca: the CA file holds no PEM certificate (expected -----BEGIN CERTIFICATE-----) (found '${join(dir, 'not-a-cert.pem')}')`],
      [withChange({ tls: { verify: false } }), "tls.verify: unknown key 'verify'; check the spelling against the README's configuration reference"],
      [withChange({ attributes: { department: 'dept name' } }), "attributes.department: expected an LDAP attribute name (letters, digits and -, starting with a letter) or an OID (found 'dept name')"],
      [withChange({ pool: { size: 0 } }), 'pool.size: must be at least 1 (found 0)'],
      [withChange({ timeouts: { connect: '2h' } }), "timeouts.connect: must be at most 1m (found '2h')"],
      [withChange({ bind: undefined }), 'bind: say how Roleport finds users: `bind` (a service account that searches), or users.dnTemplate / users.upnSuffix (direct bind)'],
      [withChange({ users: { base: 'DC=corp,DC=example', upnSuffix: 'corp.example' } }), 'users.upnSuffix: direct bind keys are not allowed with `bind` (a service account searches for the user); keep one: bind, users.dnTemplate or users.upnSuffix'],
      [withChange({ bind: undefined, users: { base: 'DC=corp,DC=example', dnTemplate: 'uid=x,ou=people' } }), "users.dnTemplate: must contain {username}, e.g. 'uid={username},ou=people,dc=corp,dc=example' (found 'uid=x,ou=people')"],
    ];
    for (const [raw, expected] of cases) {
      const { problems } = check(raw);
      assert.ok(problems.includes(expected), `expected ${JSON.stringify(expected)} among ${JSON.stringify(problems)}`);
    }
  });

  it('warns loudly about insecureSkipVerify and about passwords over plain ldap://', () => {
    const insecure = check(withChange({ tls: { insecureSkipVerify: true } }));
    assert.ok(insecure.result.success);
    assert.equal(insecure.warnings.length, 1);
    assert.match(insecure.warnings[0], /^identity 'corp': tls\.insecureSkipVerify is on — the LDAP server's certificate is NOT checked/);
    const clear = check(withChange({ urls: ['ldap://dc1.corp.example'] }));
    assert.deepEqual(clear.warnings, ["identity 'corp': passwords go to the directory in clear text over ldap:// — use ldaps:// URLs or startTls: true."]);
    assert.deepEqual(check(withChange({ urls: ['ldap://dc1.corp.example'], startTls: true })).warnings, []);
  });
});
