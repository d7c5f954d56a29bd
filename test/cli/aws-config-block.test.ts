// Roleport's block in ~/.aws/config: replaced in place, added at the end, removed when empty; the
// person's profiles around it untouched.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { profileNames, replaceBlock, withoutBlock } from '../../src/cli/aws-config-block.ts';

const ORIGIN = 'https://roleport.example.com';
const admin = { name: 'prod-Admin', lines: ['credential_process = /usr/local/bin/roleport credential-process --url https://roleport.example.com --role prod/Admin'] };

test('the block is added after the own profiles, then replaced where it stands', () => {
  const own = '[profile mine]\nregion = eu-west-1\n';
  const first = replaceBlock(own, ORIGIN, [admin]);
  assert.equal(first, `${own}\n# >>> roleport ${ORIGIN} >>> (written by roleport configure; run it again to update)\n[profile prod-Admin]\n${admin.lines[0]}\n# <<< roleport ${ORIGIN} <<<\n`);
  const withAfter = `${first}\n[profile later]\noutput = text\n`;
  const second = replaceBlock(withAfter, ORIGIN, [{ ...admin, name: 'corp-prod-Admin' }]);
  assert.ok(second.startsWith(own));
  assert.ok(second.endsWith('[profile later]\noutput = text\n'));
  assert.match(second, /^\[profile corp-prod-Admin\]$/m);
  assert.doesNotMatch(second, /^\[profile prod-Admin\]$/m);
  assert.equal(replaceBlock(withAfter, ORIGIN, []), `${own}\n\n[profile later]\noutput = text\n`);
});

test("another Roleport's block is left alone, and own profile names are found outside the block", () => {
  const other = replaceBlock('', 'https://other.example.com', [admin]);
  const both = replaceBlock(other, ORIGIN, [admin]);
  assert.ok(both.startsWith(other));
  assert.equal(withoutBlock(both, ORIGIN).trimEnd(), other.trimEnd());
  assert.deepEqual([...profileNames('[default]\n[profile a]\n[ profile b ]\n[sso-session s]\n')], ['default', 'a', 'b']);
});
