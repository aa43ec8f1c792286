import { expect, test, type Page } from '@playwright/test';
import { expectAxeClean } from './support/axe.ts';
import { clientAddress, signIn } from './support/accounts.ts';
import { SITE_PAGES } from './site-pages.ts';

// Beyond the archive: every other page type reflows at 320 px (WCAG 1.4.10) in both languages and passes
// axe; no page number, however garbled, makes a list answer 500; and an administrator re-sends an
// invitation from the member's own page as from the list.

const ADMIN = 'admin@example.org';
const MEMBER = 'maya.okafor@example.com';
const NARROW = { width: 320, height: 640 };

test.beforeEach(async ({ page }, testInfo) => {
  await page.setExtraHTTPHeaders({ 'x-forwarded-for': clientAddress(testInfo.title) });
});

async function expectReflows(page: Page, path: string): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status(), path).toBeLessThan(400);
  expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(NARROW.width);
  await expectAxeClean(page);
}

const ADMIN_PAGES = {
  fr: ['admin', 'admin/audit', 'admin/channels', 'admin/outbox', 'admin/people', 'admin/incidents', 'admin/requests', 'admin/privacy', 'admin/bloques', 'admin/campagnes'],
  en: ['admin', 'admin/audit', 'admin/channels', 'admin/outbox', 'admin/people', 'admin/incidents', 'admin/requests', 'admin/privacy', 'admin/stuck', 'admin/campaigns'],
} as const;

for (const locale of ['fr', 'en'] as const) {
  test.describe(`at 320 px (${locale})`, () => {
    test.use({ viewport: NARROW });

    test('the public site and the sign-in page reflow', async ({ page }) => {
      for (const sitePage of SITE_PAGES) await expectReflows(page, sitePage[locale]);
      await expectReflows(page, locale === 'fr' ? '/fr/connexion' : '/en/sign-in');
    });

    test("a member's account page reflows", async ({ page }) => {
      await signIn(page, MEMBER);
      await expectReflows(page, locale === 'fr' ? '/fr/compte' : '/en/account');
    });

    test('the admin lists and a member page reflow', async ({ page }) => {
      test.setTimeout(180_000);
      await signIn(page, ADMIN);
      for (const path of ADMIN_PAGES[locale]) await expectReflows(page, `/${locale}/${path}`);
      await page.goto(`/${locale}/admin?q=elise`);
      const memberPath = await page.locator('table.data a', { hasText: 'elise.cote@example.org' }).getAttribute('href');
      await expectReflows(page, memberPath!);
    });
  });
}

test.describe('a garbled page number never breaks a list', () => {
  const GARBLED = ['99999999999999999999999', '-3', '0', 'abc', '1.5', '1e400', '%00', '9007199254740993'];

  test('admin lists answer their last page or 400, never 500', async ({ page }) => {
    test.setTimeout(180_000);
    await signIn(page, ADMIN);
    const lists = ['/fr/admin', '/en/admin/audit', '/fr/admin/outbox', '/en/admin/outbox?recipient=example', '/fr/admin/bloques', '/en/admin/stuck', '/fr/admin/people', '/en/admin/campaigns'];
    for (const list of lists) {
      for (const garbled of GARBLED) {
        const path = `${list}${list.includes('?') ? '&' : '?'}page=${garbled}`;
        const response = await page.request.get(path);
        expect([200, 400], path).toContain(response.status());
      }
    }
  });

  test('search, the API, channel and person pages answer without a server error', async ({ page }) => {
    test.setTimeout(180_000);
    await signIn(page, MEMBER);
    const paths: string[] = [];
    for (const garbled of GARBLED) {
      paths.push(
        `/fr/archive/search?q=omop&page=${garbled}`,
        `/api/search?q=omop&page=${garbled}`,
        `/fr/archive/C04G3LRG5DS?before=${garbled}`,
        `/en/archive/C04G3LRG5DS?after=${garbled}`,
        `/fr/archive/C04G3LRG5DS?date=${garbled}`,
        `/fr/archive/C04G3LRG5DS?at=${garbled}`,
        `/en/archive/people/U04C8FNG2TR?before=${garbled}`,
        `/fr/actualites?page=${garbled}`,
      );
    }
    paths.push('/fr/archive/C04G3LRG5DS?date=9999-99', '/fr/archive/C04G3LRG5DS?date=0000-00-00', '/en/archive/people/U04C8FNG2TR?before=9999999999999999:C04G3LRG5DS:9999999999.999999');
    for (const path of paths) {
      const response = await page.request.get(path, { headers: { 'sec-fetch-site': 'same-origin' } });
      expect([200, 400, 404], path).toContain(response.status());
    }
  });
});

test("an administrator re-sends an invitation from the member's own page, within the daily limit", async ({ page }) => {
  const email = 'invitation.again@example.org';
  await signIn(page, ADMIN);
  await page.goto('/fr/admin');
  await page.locator('#new-email').fill(email);
  await page.getByRole('button', { name: 'Ajouter', exact: true }).click();
  await expect(page.locator('h1')).toHaveText(email);
  const memberPath = new URL(page.url()).pathname;

  for (let sent = 1; sent <= 3; sent++) {
    await page.getByRole('button', { name: 'Renvoyer l’invitation' }).click();
    await expect(page.getByRole('status')).toContainText(`Un nouveau courriel de connexion est parti vers ${email}.`);
  }
  const limited = page.waitForResponse((response) => response.url().endsWith(memberPath) && response.request().method() === 'POST');
  await page.getByRole('button', { name: 'Renvoyer l’invitation' }).click();
  expect((await limited).status()).toBe(429);
  await expect(page.getByRole('alert')).toContainText('Trois invitations au plus par jour pour un même membre');
  await expectAxeClean(page);

  await page.goto('/fr/admin/audit');
  await expect(page.locator('table.data tbody tr').first()).toContainText('Invitation renvoyée');
});
