import { execFileSync } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';
import { clientAddress, signIn } from './support/accounts.ts';
import { expectAxeClean } from './support/axe.ts';

/**
 * Reading the archive like a chat client, on a phone and by keyboard, with real content: a small
 * fixture derived from the public Hyperledger export (tests/fixtures/hyperledger-sample, Apache 2.0)
 * holds long URLs, wide code blocks, attachments with `<url|label>`, reactions and a topic with a raw link.
 */
const FABRIC = 'C0Y4PEU22'; // 96 messages over two days: two pages, code, long URLs, attachments, reactions
const CI = 'C0YMWRX19'; // its topic holds raw links
const ZOE = 'U04D3ZB9QXE';
const DATA_SHARING = 'C04C7DPRT2M';
const OMOP_THREAD_TS = '1708442158.813750';
const MEMBER = 'claire.dubois@example.net';

test.beforeAll(() => {
  // Imported beside the demo, as an operator would add an export: the CLI writes the server's database.
  execFileSync(process.execPath, ['src/cli/main.ts', 'import', 'tests/fixtures/hyperledger-sample'], {
    env: { ...process.env, PASSERELLE_DEMO: '1', DATA_DIR: process.env.E2E_DATA_DIR, LOG_LEVEL: 'warn' },
    stdio: 'pipe',
  });
});

test.beforeEach(async ({ page }, testInfo) => {
  await page.setExtraHTTPHeaders({ 'x-forwarded-for': clientAddress(testInfo.title) });
});

const PAGE_TYPES = (locale: 'fr' | 'en') => [
  `/${locale}/archive`,
  `/${locale}/archive/${FABRIC}`,
  `/${locale}/archive/${FABRIC}?from=oldest`,
  `/${locale}/archive/${CI}`,
  `/${locale}/archive/${DATA_SHARING}/thread/${OMOP_THREAD_TS}`,
  `/${locale}/archive/people/${ZOE}`,
  `/${locale}/archive/search?q=fabric`,
];

async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

test.describe('at 320 px', () => {
  test.use({ viewport: { width: 320, height: 640 } });

  for (const locale of ['fr', 'en'] as const) {
    test(`every archive page type reflows and passes axe (${locale})`, async ({ page }) => {
      test.setTimeout(180_000);
      await signIn(page, MEMBER);
      for (const path of PAGE_TYPES(locale)) {
        const response = await page.goto(path);
        // A page that failed would pass both checks below as an error page: each must be the archive page asked for.
        expect(response?.status(), path).toBe(200);
        await expect(page.locator('main h1, h1').first()).not.toBeEmpty();
        expect(await overflow(page), path).toBeLessThanOrEqual(0);
        await expectAxeClean(page);
      }
    });
  }

  test('real content that used to overflow is on the page, and wraps or scrolls inside its block', async ({ page }) => {
    await signIn(page, MEMBER);
    await page.goto(`/en/archive/${FABRIC}`);
    // The fixture holds what broke reflow; without it this test would prove nothing.
    expect(await page.locator('.message-text pre').count()).toBeGreaterThan(0);
    expect(await page.locator('.attachment').count()).toBeGreaterThan(0);
    const wide = await page.locator('.message-text pre').evaluateAll((blocks) => blocks.filter((block) => block.scrollWidth > block.clientWidth).length);
    expect(wide).toBeGreaterThan(0);
    await page.goto(`/en/archive/${CI}`);
    await expect(page.locator('.channel-topic a').first()).toHaveAttribute('href', 'https://chat.hyperledger.org/');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
  });
});

test('every scrollable block is reached by keyboard, and the reaction names open and close with it', async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await signIn(page, MEMBER);
  await page.goto(`/en/archive/${FABRIC}`);
  const scrollables = await page.evaluate(() => {
    const blocks = [...document.querySelectorAll<HTMLElement>('main *')].filter((element) => {
      const style = getComputedStyle(element);
      return element.scrollWidth > element.clientWidth && ['auto', 'scroll'].includes(style.overflowX);
    });
    blocks.forEach((block, index) => (block.dataset.scrollable = String(index)));
    return blocks.length;
  });
  expect(scrollables).toBeGreaterThan(0);
  // Chromium focuses scrollers of its own accord; other browsers need each block to say so, and to be named.
  expect(await page.locator('[data-scrollable]:not([tabindex="0"])').count()).toBe(0);
  expect(await page.locator('[data-scrollable]:not([aria-label])').count()).toBe(0);
  const reached = new Set<string>();
  for (let presses = 0; presses < 400 && reached.size < scrollables; presses++) {
    await page.keyboard.press('Tab');
    const mark = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.scrollable ?? null);
    if (mark !== null) reached.add(mark);
  }
  expect(reached.size).toBe(scrollables);

  // One tab stop per message's reactions: Enter opens the names under them, Escape closes and keeps focus.
  const reactions = page.locator('details.reactions').first();
  const summary = reactions.locator('summary');
  await summary.focus();
  await page.keyboard.press('Enter');
  const names = reactions.locator('.reaction-people');
  await expect(names).toBeVisible();
  await expect(names).toContainText(/:[a-z0-9_+-]+:/);
  // The names push what follows down rather than covering it.
  const namesBox = (await names.boundingBox())!;
  const nextMessage = reactions.locator('xpath=ancestor::article[1]/following::article[1]');
  if ((await nextMessage.count()) > 0) {
    const nextBox = (await nextMessage.boundingBox())!;
    expect(nextBox.y).toBeGreaterThanOrEqual(namesBox.y + namesBox.height);
  }
  await page.keyboard.press('Escape');
  await expect(names).toBeHidden();
  await expect(summary).toBeFocused();
});

test('the directory lists channels, then group messages, then direct messages, each under its heading', async ({ page }) => {
  await signIn(page, 'elise.cote@example.org');
  await page.goto('/fr/archive');
  const sections = page.locator('.directory-section h2');
  await expect(sections).toHaveText(['Canaux', 'Messages de groupe', 'Messages directs']);
  const channelNames = await page.locator('.directory-section').first().locator('h3 a').allTextContents();
  // « événements » sorts with the e's.
  const e = channelNames.indexOf('#événements');
  expect(e).toBeGreaterThan(-1);
  expect(channelNames[e - 1]! < '#f').toBe(true);
  expect(channelNames.indexOf('#general')).toBeGreaterThan(e);
  await expect(page.getByRole('link', { name: /Continuer dans Mattermost/ })).toHaveCount(0);
  await expect(page.locator('.channel-card svg.sparkline').first()).toHaveAttribute('aria-label', /Messages par mois/);
  await expectAxeClean(page);
});

test('a channel page: header, scoped search, activity chart with its figures, paging and copy-link', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await signIn(page, MEMBER);
  await page.goto(`/fr/archive/${DATA_SHARING}`);
  const header = page.locator('.channel-header');
  await expect(header.getByRole('heading', { level: 1 })).toHaveText('#donnees-partage');
  await expect(header).toContainText(/\d+ membres/);
  await expect(header).toContainText(/Premier message/);
  await expect(page.getByRole('link', { name: 'Continuer dans Mattermost' })).toHaveCount(1);

  // Chart and its text alternative: one row per month, from the first to the last.
  const chart = page.locator('svg.activity-chart');
  await expect(chart).toHaveAttribute('role', 'img');
  await expect(chart).toHaveAttribute('aria-label', /le plus actif/);
  await page.getByText('Voir les chiffres').click();
  const rows = page.locator('.activity-figures tbody tr');
  expect(await rows.count()).toBe(await chart.locator('rect').count());

  // Copy-link: a plain permalink, copied by script.
  const copy = page.locator('.copy-link:visible').first();
  const href = await copy.getAttribute('href');
  expect(href).toMatch(new RegExp(`^/archive/${DATA_SHARING}/\\d+\\.\\d+$`));
  await copy.click();
  await expect(copy).toHaveAttribute('data-state', 'copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(new URL(href!, page.url()).href);

  // Paging: the current range is said, older and newer lead to each other.
  await expect(page.locator('.page-range').first()).toHaveText(/^Messages du .+ au .+$/);
  await page.getByRole('link', { name: '← Messages plus anciens' }).first().click();
  await expect(page).toHaveURL(/before=/);
  await expect(page.getByRole('link', { name: 'Messages plus récents →' }).first()).toBeVisible();

  // The month picker lists months that have messages.
  const options = await page.getByLabel('Aller au mois').locator('option').allTextContents();
  expect(options.length).toBeGreaterThan(2);
  expect(options.slice(1).every((option) => /\(\d+\)$/.test(option))).toBe(true);

  // Scoped search: the box adds in:#channel.
  await page.getByRole('searchbox', { name: 'Rechercher dans #donnees-partage' }).fill('omop');
  await page.getByRole('button', { name: 'Rechercher', exact: true }).nth(1).click();
  await expect(page).toHaveURL(/q=omop\+in%3A%23?donnees-partage/);
  await expect(page.locator('.search-hit').first()).toBeVisible();
});

test('without JavaScript, copy-link is the permalink', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.setExtraHTTPHeaders({ 'x-forwarded-for': clientAddress('no-js reader') });
  await signIn(page, MEMBER);
  await page.goto(`/en/archive/${DATA_SHARING}?date=2024-02-20`);
  const message = page.locator(`[id="m-${OMOP_THREAD_TS}"]`);
  await message.locator('.copy-link').click();
  await expect(page).toHaveURL(new RegExp(`/(fr|en)/archive/${DATA_SHARING}\\?at=${OMOP_THREAD_TS}`));
  await context.close();
});
