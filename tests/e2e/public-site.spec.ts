import { expect, test } from '@playwright/test';
import { expectAxeClean } from './support/axe.ts';
import { SITE_PAGES } from './site-pages.ts';

test.describe('language at the root', () => {
  for (const [acceptLanguage, expected] of [
    ['en-US,en;q=0.9', '/en/'],
    ['fr-CA,fr;q=0.9,en;q=0.5', '/fr/'],
    ['de-DE,de;q=0.9', '/fr/'],
  ] as const) {
    test(`"${acceptLanguage}" lands on ${expected}`, async ({ request }) => {
      const response = await request.get('/', { headers: { 'Accept-Language': acceptLanguage }, maxRedirects: 0 });
      expect(response.status()).toBe(302);
      expect(new URL(response.headers()['location']!, 'http://x').pathname).toBe(expected);
    });
  }
});

for (const page of SITE_PAGES) {
  for (const locale of ['fr', 'en'] as const) {
    const other = locale === 'fr' ? 'en' : 'fr';
    test(`${page.key} (${locale}) is served, navigable, switchable and passes axe`, async ({ page: browser }) => {
      const response = await browser.goto(page[locale]);
      expect(response?.status()).toBe(200);
      await expect(browser.locator('html')).toHaveAttribute('lang', locale);
      await expect(browser.locator('h1')).toHaveCount(1);
      // Linked from the main navigation, marked as the current page.
      const navLink = browser.getByRole('navigation', { name: locale === 'fr' ? 'Navigation principale' : 'Main navigation' }).locator(`a[href="${page[locale]}"]`);
      await expect(navLink).toHaveAttribute('aria-current', 'page');
      await expectAxeClean(browser);
      // The switcher keeps the reader on the same page.
      await browser.locator(`.language-switcher a[hreflang="${other}"]`).click();
      await expect(browser).toHaveURL(page[other]);
      await expect(browser.locator('html')).toHaveAttribute('lang', other);
    });
  }
}

test('the footer and the privacy page name the person in charge of personal information', async ({ page }) => {
  await page.goto('/fr/confidentialite');
  // Demo configuration values (src/core/config.ts).
  await expect(page.locator('footer')).toContainText('Camille Responsable');
  await expect(page.locator('main')).toContainText('vie-privee@example.org');
  await expect(page.locator('main')).not.toContainText('{{');
});

test('every response carries the security headers', async ({ request }) => {
  for (const path of ['/fr/', '/en/about', '/favicon.svg', '/healthz', '/nope']) {
    const headers = (await request.get(path)).headers();
    const csp = headers['content-security-policy'] ?? '';
    for (const directive of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]) expect(csp, path).toContain(directive);
    expect(headers['x-content-type-options'], path).toBe('nosniff');
    expect(headers['referrer-policy'], path).toBe('strict-origin-when-cross-origin');
    // Plain-http demo: HSTS would pin a scheme the server does not speak.
    expect(headers['strict-transport-security'], path).toBeUndefined();
  }
});

test('pages carry no inline script without a hash in the CSP', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) violations.push(message.text());
  });
  await page.goto('/fr/');
  await page.goto('/en/news');
  expect(violations).toEqual([]);
});

test('/healthz reports the database', async ({ request }) => {
  const response = await request.get('/healthz');
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: 'ok', database: 'ok' });
});

test('unknown pages and unknown languages answer 404 in the reader language', async ({ request, page }) => {
  expect((await request.get('/de/')).status()).toBe(404);
  expect((await request.get('/fr/nexiste-pas')).status()).toBe(404);
  await page.goto('/en/does-not-exist');
  await expect(page.locator('h1')).toHaveText('Page not found');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test.describe('at 360 px without JavaScript', () => {
  test.use({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false });

  test('every page fits the width and the navigation works', async ({ page }) => {
    for (const sitePage of SITE_PAGES) {
      await page.goto(sitePage.fr);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, sitePage.fr).toBeLessThanOrEqual(0);
    }
    await page.goto('/fr/');
    await page.getByRole('link', { name: 'À propos' }).first().click();
    await expect(page).toHaveURL('/fr/a-propos');
  });

  test('the skip link moves keyboard users to the content', async ({ page }) => {
    await page.goto('/en/about');
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
  });
});
