import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  cmdSet,
  formatCredentials,
  isoExpiration,
  profileNameFor,
  quoteBash,
  quoteDotenv,
  quoteFish,
  quotePowerShell,
} from '../../src/aws/credential-formats.ts';

const creds = {
  accessKeyId: 'ASIAEXAMPLE123456789',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY',
  sessionToken: 'IQoJb3JpZ2luX2VjEPT//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+abc=',
  expiration: new Date('2026-11-21T23:00:00.000Z'),
};
const options = { profile: 'prod-Admin', roleKey: 'prod/Admin' };
const sandbox = { ...options, sandboxStsUrl: 'http://127.0.0.1:3000/sandbox/sts' };

describe('credential formats', () => {
  it('writes bash/zsh exports that a shell reads back exactly, with the expiry', () => {
    const text = formatCredentials(creds, 'bash', options);
    assert.equal(text, [
      '# AWS credentials for prod/Admin from Roleport; they expire at 2026-11-21T23:00:00Z.',
      `export AWS_ACCESS_KEY_ID='${creds.accessKeyId}'`,
      `export AWS_SECRET_ACCESS_KEY='${creds.secretAccessKey}'`,
      `export AWS_SESSION_TOKEN='${creds.sessionToken}'`,
      "export AWS_CREDENTIAL_EXPIRATION='2026-11-21T23:00:00Z'",
      '',
    ].join('\n'));
    const out = execFileSync('bash', ['-c', `${text}\nprintf '%s|%s|%s' "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY" "$AWS_SESSION_TOKEN"`], { encoding: 'utf8' });
    assert.equal(out, `${creds.accessKeyId}|${creds.secretAccessKey}|${creds.sessionToken}`);
  });

  it('quotes hostile values so that bash keeps them literal', () => {
    const hostile = `it's $(touch /tmp/x) \`id\` "q" \\ $HOME ; & | \n done`;
    const out = execFileSync('bash', ['-c', `X=${quoteBash(hostile)}; printf '%s' "$X"`], { encoding: 'utf8' });
    assert.equal(out, hostile);
  });

  it('quotes for fish: backslash and single quote escaped inside single quotes', () => {
    assert.equal(quoteFish(`a'b\\c$d`), `'a\\'b\\\\c$d'`);
    const text = formatCredentials(creds, 'fish', options);
    assert.match(text, /^set -gx AWS_SESSION_TOKEN 'IQoJb3JpZ2luX2VjEPT\/\/\/\/\/\/\/\/\/\/wEaCXVzLWVhc3QtMSJHMEUCIQ\+abc='$/m);
  });

  it('quotes for PowerShell: single quotes, typographic quotes doubled too', () => {
    assert.equal(quotePowerShell(`O'Brien \u2019x\u2019 $env:HOME`), `'O''Brien \u2019\u2019x\u2019\u2019 $env:HOME'`);
    assert.match(formatCredentials(creds, 'powershell', options), /^\$Env:AWS_ACCESS_KEY_ID = 'ASIAEXAMPLE123456789'$/m);
  });

  it('writes Windows cmd `set "NAME=value"` lines with CRLF, and refuses what cmd cannot carry', () => {
    const text = formatCredentials(creds, 'cmd', options);
    assert.ok(text.startsWith('rem AWS credentials for prod/Admin from Roleport; they expire at 2026-11-21T23:00:00Z.\r\n'));
    assert.match(text, /\r\nset "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI\/K7MDENG\/bPxRfiCYzEXAMPLEKEY"\r\n/);
    assert.equal(cmdSet('X', 'a&b|c<d>e^f'), 'set "X=a&b|c<d>e^f"');
    for (const bad of ['50%', 'a"b', 'bang!', 'two\nlines'])
      assert.throws(() => cmdSet('X', bad), { message: 'X cannot be written safely in the Windows cmd format' });
  });

  it('writes a ~/.aws/credentials profile that an INI parser reads back', () => {
    const text = formatCredentials(creds, 'credentials', options);
    assert.match(text, /^\[prod-Admin\]$/m);
    const parsed = execFileSync('/usr/bin/python3', ['-c', 'import configparser,sys; c=configparser.ConfigParser(); c.read_string(sys.stdin.read()); s=c["prod-Admin"]; print(s["aws_access_key_id"], s["aws_secret_access_key"], s["aws_session_token"])'], { input: text, encoding: 'utf8' });
    assert.equal(parsed.trim(), `${creds.accessKeyId} ${creds.secretAccessKey} ${creds.sessionToken}`);
  });

  it('writes a ~/.aws/config profile, with the sandbox STS endpoint when the keys are sandbox keys', () => {
    const plain = formatCredentials(creds, 'config', options);
    assert.match(plain, /^\[profile prod-Admin\]$/m);
    assert.doesNotMatch(plain, /endpoint_url/);
    const text = formatCredentials(creds, 'config', sandbox);
    assert.match(text, /^services = prod-Admin-roleport-sandbox\n\n\[services prod-Admin-roleport-sandbox\]\nsts =\n {2}endpoint_url = http:\/\/127\.0\.0\.1:3000\/sandbox\/sts\n$/m);
  });

  it('refuses a value with spaces or line breaks in the AWS files, where nothing can be quoted', () => {
    assert.throws(() => formatCredentials({ ...creds, sessionToken: 'a b' }, 'credentials', options), { message: 'aws_session_token cannot be written safely in the AWS config file format' });
    assert.throws(() => formatCredentials({ ...creds, secretAccessKey: 'a\n[evil]' }, 'config', options));
  });

  it('writes credential_process JSON with Version 1 and an ISO 8601 Expiration', () => {
    const json = JSON.parse(formatCredentials(creds, 'credential-process', options));
    assert.deepEqual(json, { Version: 1, AccessKeyId: creds.accessKeyId, SecretAccessKey: creds.secretAccessKey, SessionToken: creds.sessionToken, Expiration: '2026-11-21T23:00:00Z' });
  });

  it('writes .env lines bare when plain, single-quoted otherwise, and refuses single quotes and line breaks', () => {
    const text = formatCredentials(creds, 'dotenv', options);
    assert.match(text, /^AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI\/K7MDENG\/bPxRfiCYzEXAMPLEKEY$/m);
    assert.equal(quoteDotenv('X', 'a b#c$d'), "'a b#c$d'");
    assert.throws(() => quoteDotenv('X', "it's"), { message: 'X cannot be written safely in the .env format' });
  });

  it('sets AWS_ENDPOINT_URL_STS in every export format for sandbox keys and says they work only there', () => {
    for (const format of ['bash', 'fish', 'powershell', 'cmd', 'dotenv'] as const) {
      const text = formatCredentials(creds, format, sandbox);
      assert.match(text, /AWS_ENDPOINT_URL_STS.{1,6}http:\/\/127\.0\.0\.1:3000\/sandbox\/sts/, format);
      assert.match(text, /they work only against the Roleport sandbox STS at http:\/\/127\.0\.0\.1:3000\/sandbox\/sts/, format);
    }
    assert.doesNotMatch(formatCredentials(creds, 'bash', options), /AWS_ENDPOINT_URL_STS/);
  });

  it('sets AWS_REGION and AWS_DEFAULT_REGION in every export format, and region in the config profile, for a machine without a default region', () => {
    const withRegion = { ...options, region: 'eu-west-1' };
    const bash = formatCredentials(creds, 'bash', withRegion);
    const out = execFileSync('bash', ['-c', `${bash}\nprintf '%s|%s' "$AWS_REGION" "$AWS_DEFAULT_REGION"`], { encoding: 'utf8', env: { PATH: process.env.PATH } });
    assert.equal(out, 'eu-west-1|eu-west-1');
    for (const format of ['fish', 'powershell', 'cmd', 'dotenv'] as const) {
      const text = formatCredentials(creds, format, withRegion);
      assert.match(text, /AWS_REGION.{1,6}eu-west-1/, format);
      assert.match(text, /AWS_DEFAULT_REGION.{1,6}eu-west-1/, format);
    }
    assert.doesNotMatch(formatCredentials(creds, 'bash', options), /REGION/, 'no region given, none written');

    // The AWS CLI reads the profile's region from the config format as written.
    const dir = mkdtempSync(join(tmpdir(), 'roleport-formats-'));
    try {
      writeFileSync(join(dir, 'config'), formatCredentials(creds, 'config', withRegion));
      const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none') };
      assert.equal(execFileSync('/usr/bin/aws', ['configure', 'get', 'region', '--profile', 'prod-Admin'], { encoding: 'utf8', env }).trim(), 'eu-west-1');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names profiles after the role and writes expirations without milliseconds', () => {
    assert.equal(profileNameFor('sandbox-prod/Admin'), 'sandbox-prod-Admin');
    assert.equal(profileNameFor('a b/c+d'), 'a-b-c-d');
    assert.equal(isoExpiration(new Date('2026-01-02T03:04:05.678Z')), '2026-01-02T03:04:05Z');
  });
});
