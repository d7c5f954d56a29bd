// The daily pages at a phone's width and a laptop's, light and dark, in Chromium: the sign-in page
// from a console bookmark, the picker (with a favourite and a recent role) and the issued keys page
// never scroll sideways at 390 px.
// Screenshots go to the gitignored screenshots/ folder.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
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
