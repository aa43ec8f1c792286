import { expect, test, type Page } from '@playwright/test';
import { clientAddress } from './support/accounts.ts';
import { expectAxeClean } from './support/axe.ts';
import { MAIL_URL, runCli, signInOnMailServer, tempFile } from './support/mail-server.ts';

/**
 * A member withdraws consents on their account page and each takes effect at
 * once: « show my name » → initials on their messages and person page;
 * « include my messages in search » → search no longer finds them; « community
 * news » → a campaign leaves them out. On the server with Postmark (its own
 * database), with a member no other test signs in there; her consents are
 * given back at the end, and the archive names and finds her again.
 */
const SARAH = 'U04J6SWF3RT';
const SARAH_EMAIL = 'sarah.whitfield@example.com';
/** A word only one of her messages holds (#methodes-stats). */
const HER_WORD = 'stratification';

test.describe.configure({ mode: 'serial', timeout: 240_000 });

test.beforeEach(async ({ page }, testInfo) => {
  await page.setExtraHTTPHeaders({ 'x-forwarded-for': clientAddress(testInfo.title) });
});

const LABELS = {
  fr: { name: 'Afficher mon nom sur mes messages archivés', search: 'Inclure mes messages dans la recherche', news: 'Recevoir les nouvelles de la communauté par courriel', save: 'Enregistrer mes choix', saved: 'Vos choix sont enregistrés.', version: /Choisi le .+ · texte version 1/ },
  en: { name: 'Show my name on my archived messages', search: 'Include my messages in search', news: 'Receive community news by email', save: 'Save my choices', saved: 'Your choices are saved.', version: /Chosen on .+ · wording version 1/ },
} as const;

async function choose(page: Page, locale: 'fr' | 'en', choices: Partial<Record<'name' | 'search' | 'news', boolean>>): Promise<void> {
  const labels = LABELS[locale];
  await page.goto(`${MAIL_URL}${locale === 'fr' ? '/fr/compte' : '/en/account'}`);
  for (const [purpose, granted] of Object.entries(choices) as ['name' | 'search' | 'news', boolean][]) await page.getByLabel(labels[purpose]).setChecked(granted);
  await page.getByRole('button', { name: labels.save }).click();
  await expect(page.getByText(labels.saved)).toBeVisible();
}

/** How many hits a search shows, and its text. */
async function search(page: Page, locale: 'fr' | 'en', q: string): Promise<string> {
  await page.goto(`${MAIL_URL}/${locale}/archive/search?q=${encodeURIComponent(q)}`);
  return page.locator('main').innerText();
}

/** How many members a draft campaign for these addresses would invite, as the command line's preview says. */
function invitedBy(addresses: string[]): number {
  const fr = tempFile('fr.md', 'Nouvelles\n\nBonjour {{name}} : {{link}}\n');
  const en = tempFile('en.md', 'News\n\nHello {{name}}: {{link}}\n');
  const csv = tempFile('audience.csv', `email\n${addresses.join('\n')}\n`);
  const created = runCli('campaign', 'create', '--name', `Consentements e2e ${Date.now()}`, '--fr', fr, '--en', en, '--csv', csv, '--reminder-after-days', 'none');
  const id = /created (\S+) \(draft\)/.exec(created)![1]!;
  return Number(/(\d+) recipients/.exec(runCli('campaign', 'preview', id))![1]);
}

test('a member withdraws consents on the account page and each takes effect at once; given back, the archive follows again (fr, en)', async ({ page }) => {
  await signInOnMailServer(page, SARAH_EMAIL);
  // Her first answer: everything given. Each choice shows its date and the wording version it answered.
  await choose(page, 'fr', { name: true, search: true, news: true });
  const choices = page.getByRole('group', { name: 'Mes choix' });
  for (const purpose of ['name', 'search', 'news'] as const) await expect(choices.getByLabel(LABELS.fr[purpose])).toBeChecked();
  expect(await choices.getByText(LABELS.fr.version).count()).toBeGreaterThanOrEqual(3);
  await expectAxeClean(page);
  expect(await search(page, 'fr', HER_WORD)).toContain('Sarah W.');
  await page.goto(`${MAIL_URL}/fr/archive/people/${SARAH}`);
  await expect(page.locator('h1')).toContainText('Sarah W.');
  expect(invitedBy([SARAH_EMAIL, 'maya.okafor@example.com'])).toBe(2);

  // « Show my name » withdrawn (fr): initials on her person page and her messages.
  await choose(page, 'fr', { name: false });
  await expect(page.getByRole('group', { name: 'Mes choix' }).getByLabel(LABELS.fr.name)).not.toBeChecked();
  await page.goto(`${MAIL_URL}/fr/archive/people/${SARAH}`);
  await expect(page.locator('h1')).toHaveText('SW');
  await expect(page.locator('main')).not.toContainText('Sarah');
  const hit = await search(page, 'fr', HER_WORD);
  expect(hit).toContain(HER_WORD.slice(0, 8));
  expect(hit).not.toContain('Sarah');

  // « Include my messages in search » withdrawn (en): search no longer finds her message.
  await choose(page, 'en', { search: false });
  await expect(page.getByRole('group', { name: 'My choices' }).getByText(LABELS.en.version).first()).toBeVisible();
  await expectAxeClean(page);
  expect(await search(page, 'en', HER_WORD)).not.toMatch(new RegExp(HER_WORD, 'i'));

  // « Community news » withdrawn (en): a campaign to her address leaves her out.
  await choose(page, 'en', { news: false });
  expect(invitedBy([SARAH_EMAIL, 'maya.okafor@example.com'])).toBe(1);

  // Given back: named, found and invited again, at once.
  await choose(page, 'fr', { name: true, search: true, news: true });
  await page.goto(`${MAIL_URL}/en/archive/people/${SARAH}`);
  await expect(page.locator('h1')).toContainText('Sarah W.');
  expect(await search(page, 'en', HER_WORD)).toContain('Sarah W.');
  expect(invitedBy([SARAH_EMAIL, 'maya.okafor@example.com'])).toBe(2);
});
