// The daily pages at a phone's width and a laptop's, light and dark, in Chromium: the sign-in page
// from a console bookmark, the picker (with a favourite and a recent role) and the issued keys page
// never scroll sideways at 390 px.
// Screenshots go to the gitignored screenshots/ folder.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { generate } from 'otplib';
import type { Page } from 'playwright-core';
import { demoWithBrowser, screenshot, scrollWidth, signedInPage } from './browser-session.ts';

const demo = demoWithBrowser();

const WIDTHS = [390, 1280] as const;
const SCHEMES = ['light', 'dark'] as const;

/** bob with sandbox-prod/ReadOnly starred and sandbox-dev/Developer used. */
async function bobsPicker(width: number, colorScheme: 'light' | 'dark'): Promise<Page> {
  const page = await signedInPage(demo.browser, demo.app.url, 'bob', { viewport: { width, height: 800 }, colorScheme });
  const star = page.locator('li.role[data-role="sandbox-prod/ReadOnly"] button.star');
  if ((await star.getAttribute('aria-pressed')) !== 'true') {
    await star.click();
    await page.waitForSelector('li.role[data-role="sandbox-prod/ReadOnly"] button.star[aria-pressed=true]');
  }
  await page.goto(`${demo.app.url}/console/sandbox-dev/Developer`);
  await page.goto(`${demo.app.url}/`);
  return page;
}

describe('the picker and the keys page at 390 and 1280 px, light and dark', () => {
  for (const colorScheme of SCHEMES) {
    for (const width of WIDTHS) {
      test(`the sign-in page from a console bookmark at ${width} px, ${colorScheme}: it says where it goes, no sideways scroll`, async () => {
        const context = await demo.browser.newContext({ viewport: { width, height: 800 }, colorScheme });
        const page = await context.newPage();
        await page.goto(`${demo.app.url}/console/sandbox-dev/Developer?destination=s3&region=eu-west-1`);
        assert.equal(await page.textContent('.bookmark-note'), 'After you sign in, Roleport opens the AWS console as sandbox-dev/Developer at s3, in eu-west-1.');
        assert.ok((await scrollWidth(page)) <= width, `the sign-in page is ${await scrollWidth(page)} px wide`);
        await screenshot(page, `login-bookmark-${width}-${colorScheme}`);
        await context.close();
      });

      test(`the picker at ${width} px, ${colorScheme}: favourites first, recents above, no sideways scroll`, async () => {
        const page = await bobsPicker(width, colorScheme);
        assert.equal(await page.getAttribute('li.role', 'data-role'), 'sandbox-prod/ReadOnly', 'the starred role comes first');
        assert.deepEqual(await page.$$eval('li.recent', (items) => items.map((item) => item.getAttribute('data-recent'))), ['sandbox-dev/Developer']);
        assert.ok((await scrollWidth(page)) <= width, `the picker is ${await scrollWidth(page)} px wide`);
        await screenshot(page, `picker-${width}-${colorScheme}`);
        await page.context().close();
      });

      test(`the issued keys page at ${width} px, ${colorScheme}: no sideways scroll`, async () => {
        const page = await signedInPage(demo.browser, demo.app.url, 'bob', { next: '/keys/sandbox-dev/Developer', viewport: { width, height: 800 }, colorScheme });
        assert.ok((await scrollWidth(page)) <= width, `the keys form is ${await scrollWidth(page)} px wide`);
        await Promise.all([page.waitForNavigation(), page.click('form.keys-form button[type=submit]')]);
        assert.ok((await scrollWidth(page)) <= width, `the issued keys page is ${await scrollWidth(page)} px wide`);
        await screenshot(page, `keys-${width}-${colorScheme}`);
        await page.context().close();
      });
    }
  }
});

describe('every other page a person reads at 390 px', () => {
  // Pages reached by a signed-in person; each must fit a phone's width without sideways scroll.
  const PAGES: { who: 'alice' | 'bob'; path: string; name: string; status?: number }[] = [
    { who: 'bob', path: '/roles/sandbox-dev/Developer', name: 'role' },
    { who: 'bob', path: '/sessions', name: 'sessions' },
    { who: 'bob', path: '/device', name: 'device' },
    { who: 'bob', path: '/device?user_code=WDJB-MJHT', name: 'device-code' },
    { who: 'bob', path: '/mfa/factors', name: 'mfa-factors' },
    { who: 'alice', path: '/mfa?next=%2Fkeys%2Fsandbox-prod%2FAdmin', name: 'mfa-enrol' },
    { who: 'bob', path: '/roles/sandbox-prod/Admin', name: 'error-forbidden', status: 403 },
    { who: 'bob', path: '/roles/sandbox-prod/NoSuchRole', name: 'error-not-found', status: 404 },
  ];
  for (const colorScheme of SCHEMES) {
    test(`role, sessions, device, MFA and error pages, ${colorScheme}`, async () => {
      for (const who of ['alice', 'bob'] as const) {
        const page = await signedInPage(demo.browser, demo.app.url, who, { viewport: { width: 390, height: 800 }, colorScheme });
        for (const entry of PAGES.filter((p) => p.who === who)) {
          const response = await page.goto(`${demo.app.url}${entry.path}`);
          assert.equal(response?.status(), entry.status ?? 200, entry.path);
          assert.ok((await scrollWidth(page)) <= 390, `${entry.path} is ${await scrollWidth(page)} px wide`);
          await screenshot(page, `${entry.name}-390-${colorScheme}`);
        }
        await page.context().close();
      }
    });
  }
});

describe('the admin pages at 390 px', () => {
  let aliceSecret: string | undefined;
  test('alice, after setting up her factor, reads every admin page without sideways scroll, light and dark', async () => {
    for (const colorScheme of SCHEMES) {
      const page = await signedInPage(demo.browser, demo.app.url, 'alice', { next: '/admin', viewport: { width: 390, height: 800 }, colorScheme });
      // Admin pages need a fresh second factor: the first one is set up here.
      if (await page.locator('[data-secret]').count()) {
        const secret = (await page.textContent('[data-secret]'))!.trim();
        aliceSecret = secret;
        await page.fill('input[name=code]', await generate({ secret }));
        await Promise.all([page.waitForNavigation(), page.click('form[action$="totp"] button[type=submit]')]);
      } else {
        const secret = aliceSecret!;
        await page.fill('input[name=code]', await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }));
        await Promise.all([page.waitForNavigation(), page.click('form[action="/mfa/totp"] button[type=submit]')]);
      }
      for (const path of ['/admin', '/admin/access', '/admin/people', '/admin/audit', '/admin/roles', '/admin/roles/sandbox-dev/ReadOnly', '/admin/review', '/admin/review/roles/sandbox-prod/Admin']) {
        const response = await page.goto(`${demo.app.url}${path}`);
        assert.equal(response?.status(), 200, path);
        assert.ok((await scrollWidth(page)) <= 390, `${path} is ${await scrollWidth(page)} px wide`);
        await screenshot(page, `${path.slice(1).replaceAll('/', '-')}-390-${colorScheme}`);
      }
      await page.context().close();
    }
  });
});
