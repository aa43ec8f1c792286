import { expect, test, type Page } from '@playwright/test';
import { expectAxeClean } from './support/axe.ts';
import { clientAddress, holdingAddress, latestCode, signIn } from './support/accounts.ts';

// The way through the portal: the menu, signing in and landing, the header on a phone,
// the admin area in plain words, page numbers that cannot break a list, and the language switcher.

const LOCALES = ['fr', 'en'] as const;
const WORDS = {
  fr: { nav: 'Navigation principale', archive: 'Archive', search: 'Recherche', menu: 'Menu', admin: 'Administration' },
  en: { nav: 'Main navigation', archive: 'Archive', search: 'Search', menu: 'Menu', admin: 'Administration' },
} as const;
const MEMBER = 'maya.okafor@example.com';
/** Landing tests ask for codes of their own: each address may ask for 5 an hour. */
const LANDING_MEMBER = 'claire.dubois@example.net';
const ADMIN = 'admin@example.org';
const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 800 };

test.beforeEach(async ({ page }, testInfo) => {
  await page.setExtraHTTPHeaders({ 'x-forwarded-for': clientAddress(testInfo.title) });
});

/** The main menu's links, opened first when the page is narrow. */
async function menuLinks(page: Page, locale: 'fr' | 'en'): Promise<string[]> {
  const summary = page.locator('.header-menu > summary');
  if (await summary.isVisible()) await summary.click();
  return page.getByRole('navigation', { name: WORDS[locale].nav }).getByRole('link').allTextContents();
}

for (const locale of LOCALES) {
  test.describe(`menu and header (${locale})`, () => {
    for (const viewport of [DESKTOP, PHONE]) {
      test(`a visitor has no archive in the menu, a member has Archive and Search (${viewport.width} px)`, async ({ page }) => {
        await page.setViewportSize(viewport);
        await page.goto(`/${locale}/`);
        expect(await menuLinks(page, locale)).not.toContain(WORDS[locale].archive);
        await expectAxeClean(page);

        await signIn(page, MEMBER);
        await page.goto(`/${locale}/`);
        const links = await menuLinks(page, locale);
        expect(links).toEqual(expect.arrayContaining([WORDS[locale].archive, WORDS[locale].search]));
        await expectAxeClean(page);
        await page.getByRole('navigation', { name: WORDS[locale].nav }).getByRole('link', { name: WORDS[locale].archive }).click();
        await expect(page).toHaveURL(`/${locale}/archive`);
      });
    }

    test('at 360 px the header is one line (≤ 64 px) and its menu opens without script', async ({ browser }) => {
      const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(`/${locale}/`);
      const header = await page.locator('.site-header').boundingBox();
      expect(header!.height).toBeLessThanOrEqual(64);
      // Brand and menu button share the line.
      const brand = await page.locator('.brand').boundingBox();
      const summary = await page.locator('.header-menu > summary').boundingBox();
      expect(Math.abs(brand!.y + brand!.height / 2 - (summary!.y + summary!.height / 2))).toBeLessThan(8);
      await expect(page.getByRole('navigation', { name: WORDS[locale].nav })).toBeHidden();
      await page.locator('.header-menu > summary').click();
      await expect(page.getByRole('navigation', { name: WORDS[locale].nav })).toBeVisible();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      await context.close();
    });

    test('the footer keeps its spaces and names the privacy officer briefly', async ({ page }) => {
      await page.goto(`/${locale}/`);
      // Line breaks only: \s would also swallow the narrow no-break spaces under test.
      const footer = (await page.locator('footer').innerText()).replace(/[ \t\n]+/g, ' ');
      expect(footer).toMatch(locale === 'fr' ? /Nous écrire\u202f: \S+@/ : /Write to us: \S+@/);
      expect(footer).toMatch(locale === 'fr' ? /personnels\u202f: .+, \S+@/ : /Privacy officer: .+, \S+@/);
    });
  });
}

test.describe('landing after sign-in', () => {
  test('a member lands on the page they were going to', async ({ page }) => {
    await holdingAddress(LANDING_MEMBER, async () => {
      await page.goto('/en/archive/search?q=omop');
      await expect(page).toHaveURL(/\/en\/sign-in\?next=%2Fen%2Farchive%2Fsearch%3Fq%3Domop/);
      const since = Date.now();
      await page.getByLabel('Email address').fill(LANDING_MEMBER);
      await page.getByRole('button', { name: 'Send me a code' }).click();
      await page.getByLabel('8-digit code').fill(await latestCode(LANDING_MEMBER, since));
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await expect(page).toHaveURL('/en/archive/search?q=omop');
    });
  });

  test('a `next` off the site is ignored: the member lands on the archive', async ({ page }) => {
    await holdingAddress(LANDING_MEMBER, async () => {
      await page.goto('/fr/connexion?next=%2F%2Fevil.example%2Fphish');
      const since = Date.now();
      await page.getByLabel('Adresse courriel').fill(LANDING_MEMBER);
      await page.getByRole('button', { name: 'Recevoir mon code' }).click();
      await page.getByLabel('Code à 8 chiffres').fill(await latestCode(LANDING_MEMBER, since));
      await page.getByRole('button', { name: 'Me connecter' }).click();
      await expect(page).toHaveURL('/fr/archive');
    });
  });
});

test.describe('admin in plain words', () => {
  for (const locale of LOCALES) {
    test(`audit log, channels and a member read as words (${locale})`, async ({ page }) => {
      await signIn(page, ADMIN);
      const fr = locale === 'fr';
      await page.goto(`/${locale}/admin/audit`);
      const audit = page.locator('table.data');
      await expect(audit).toContainText(fr ? 'Membre ajouté' : 'Member added');
      await expect(audit).toContainText(fr ? 'ligne de commande' : 'command line');
      await expect(audit).not.toContainText('member.added');
      await expect(audit).not.toContainText('{"');
      await expectAxeClean(page);

      await page.goto(`/${locale}/admin/channels`);
      await expect(page.locator('table.data')).toContainText(fr ? 'Canal public' : 'Public channel');
      // Direct messages have no Mattermost name to set; the table is saved by one button.
      await expect(page.locator('table.data')).toContainText(fr ? 'Sans nom (conversation privée)' : 'No name (private conversation)');
      await expect(page.locator('main form[method="post"] button[type="submit"]')).toHaveCount(1);
      await expectAxeClean(page);

      await page.goto(`/${locale}/admin?q=elise`);
      await expect(page.locator('table.data th').nth(4)).toHaveText(fr ? 'Dernière connexion' : 'Last sign-in');
      await page.locator('table.data a', { hasText: 'elise.cote@example.org' }).click();
      await expect(page.locator('.facts')).toContainText(fr ? 'Français' : 'French');
      await expectAxeClean(page);
    });

    test(`admin tables scroll inside their box at 360 px, and pass axe (${locale})`, async ({ page }) => {
      await signIn(page, ADMIN);
      await page.setViewportSize(PHONE);
      for (const path of ['admin', 'admin/audit', 'admin/channels', 'admin/outbox']) {
        await page.goto(`/${locale}/${path}`);
        expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(PHONE.width);
        // Headings keep whole words: no heading is narrower than its longest word.
        const squeezed = await page.locator('table.data th').evaluateAll((cells) =>
          cells.filter((cell) => cell.scrollWidth > cell.clientWidth + 1).map((cell) => cell.textContent),
        );
        expect(squeezed, path).toEqual([]);
        await expectAxeClean(page);
      }
    });
  }

  test('the members list filters by state and re-sends an invitation', async ({ page }) => {
    await signIn(page, ADMIN);
    await page.goto('/fr/admin');
    await page.getByLabel('État').selectOption('invited');
    await page.getByRole('button', { name: 'Chercher' }).click();
    await expect(page).toHaveURL(/status=invited/);
    const states = await page.locator('table.data tbody tr td:nth-child(4)').allTextContents();
    expect(states.length).toBeGreaterThan(0);
    expect(new Set(states)).toEqual(new Set(['Invité']));
    await page.goto('/fr/admin?q=claire.dubois');
    await page.getByRole('button', { name: 'Renvoyer l’invitation à claire.dubois@example.net' }).click();
    await expect(page.getByRole('status')).toContainText('Un nouveau courriel de connexion est parti vers claire.dubois@example.net.');
    await page.goto('/fr/admin/audit');
    await expect(page.locator('table.data tbody tr').first()).toContainText('Invitation renvoyée');
  });

  test('a member is linked to a Slack person found by name', async ({ page }) => {
    await signIn(page, ADMIN);
    await page.goto('/en/admin?q=admin%40example.org');
    await page.locator('table.data a', { hasText: ADMIN }).click();
    await page.getByLabel('Find a Slack person (name, display name or address)').fill('claire');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const choices = page.getByRole('group', { name: 'People found' });
    await expect(choices.getByRole('radio')).toHaveCount(1);
    await expect(choices).toContainText('already linked to another member');
    await expect(choices.getByRole('radio')).toBeDisabled();
    await expectAxeClean(page);
  });
});

test.describe('page numbers cannot break a list', () => {
  const HUGE = '99999999999999999999999';
  for (const path of ['/fr/admin', '/en/admin/audit', '/fr/admin/outbox', '/en/admin/outbox?recipient=example']) {
    test(`${path} answers its last page for ?page=${HUGE}`, async ({ page }) => {
      await signIn(page, ADMIN);
      const response = await page.goto(`${path}${path.includes('?') ? '&' : '?'}page=${HUGE}`);
      expect(response?.status()).toBe(200);
      // The last page: a link back, none forward.
      const pager = page.locator('.pager');
      if ((await pager.count()) > 0) {
        await expect(pager.locator('a[rel="next"]')).toHaveCount(0);
        await expect(pager.locator('a[rel="prev"]')).toHaveCount(1);
      }
      await expect(page.locator('table.data tbody tr').first()).toBeVisible();
    });
  }

  test('public and member lists answer without a server error', async ({ page, request }) => {
    await signIn(page, MEMBER);
    for (const path of [`/fr/archive/search?q=omop&page=${HUGE}`, `/en/archive/search?q=omop&page=-3`, `/api/search?q=omop&page=${HUGE}`, `/fr/actualites?page=${HUGE}`]) {
      const response = await page.request.get(path, { headers: { 'sec-fetch-site': 'same-origin' } });
      expect(response.status(), path).toBeLessThan(500);
    }
    expect((await request.get(`/fr/actualites?page=${HUGE}`)).status()).toBeLessThan(500);
  });
});

test.describe('the language switcher stays on the page', () => {
  test('on an admin member page, an outbox message and the 404 page', async ({ page }) => {
    await signIn(page, ADMIN);
    await page.goto('/fr/admin?q=elise');
    await page.locator('table.data a', { hasText: 'elise.cote@example.org' }).click();
    const memberPath = new URL(page.url()).pathname;
    await page.locator('.language-switcher a[hreflang="en"]').click();
    await expect(page).toHaveURL(memberPath.replace('/fr/', '/en/'));
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');

    await page.goto('/en/admin/outbox');
    await page.locator('table.data tbody a').first().click();
    const mailPath = new URL(page.url()).pathname;
    await page.locator('.language-switcher a[hreflang="fr"]').click();
    await expect(page).toHaveURL(mailPath.replace('/en/', '/fr/'));

    const missing = await page.goto('/fr/cette-page-nexiste-pas');
    expect(missing?.status()).toBe(404);
    await expect(page.locator('.language-switcher a[hreflang="en"]')).toHaveAttribute('href', '/en/cette-page-nexiste-pas');
    await expectAxeClean(page);
  });
});
