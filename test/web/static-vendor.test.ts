// The passkey pages load @simplewebauthn/browser from Roleport itself (no CDN): the copy in public/
// is the installed package's bundle, so upgrading the package without copying it again fails here.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

test('public/vendor holds exactly the installed @simplewebauthn/browser bundle', () => {
  const installed = readFileSync('node_modules/@simplewebauthn/browser/dist/bundle/index.umd.min.js', 'utf8');
  const served = readFileSync('public/vendor/simplewebauthn-browser.umd.min.js', 'utf8');
  assert.ok(served === installed, 'copy node_modules/@simplewebauthn/browser/dist/bundle/index.umd.min.js to public/vendor/simplewebauthn-browser.umd.min.js');
});
