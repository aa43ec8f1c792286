import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { clientAddress, serverDatabase, signIn } from './support/accounts.ts';
import { expectAxeClean } from './support/axe.ts';
import { readZipEntries } from '../support/read-zip-entries.ts';

const AMINA = 'U04G2ADL8PK';
const AMINA_EMAIL = 'amina.diallo@example.net';
// No other test signs this member in: while the address changes, the old one signs nobody in.
const MOVING_EMAIL = 'jean-luc.gagnon@example.org';
/** In the demo's Slack, never given an account (no address). */
const NOEMIE = 'U04P7NLP6ST';
const DATA_SHARING = 'C04C7DPRT2M';

// Long scenarios on a shared machine: each crosses several pages and waits for search to follow.
test.describe.configure({ mode: 'serial', timeout: 240_000 });

test.beforeEach(async ({ page }, testInfo) => {
  await page.setExtraHTTPHeaders({ 'x-forwarded-for': clientAddress(testInfo.title) });
});

async function countOf(sql: string, args: string[]): Promise<number> {
  const client = await serverDatabase();
  try {
    return Number((await client.execute({ sql, args })).rows[0]![0]);
  } finally {
    client.close();
  }
}

/** Every text a search page shows a reader of people: hit authors, snippets, facets. */
async function searchText(page: Page, locale: 'fr' | 'en', q: string): Promise<string> {
  await page.goto(`/${locale}/archive/search?q=${encodeURIComponent(q)}`);
  return page.locator('main').innerText();
}

test('a member downloads their data: the zip holds what the archive and their account hold (fr)', async ({ page }, testInfo) => {
  await signIn(page, AMINA_EMAIL);
  await page.goto('/fr/compte');
  await expect(page.getByRole('heading', { name: 'Mes données' })).toBeVisible();
  await expectAxeClean(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Télécharger mes données' }).click()]);
  const file = testInfo.outputPath('my-data.zip');
  await download.saveAs(file);
  const entries = await readZipEntries(file);
  expect([...entries.keys()]).toContain('schema.json');
  const json = (name: string) => JSON.parse(entries.get(name)!.toString()) as Record<string, unknown>[];
  expect(json('profile.json')).toMatchObject([{ email: AMINA_EMAIL, slack_person_id: AMINA }]);
  const messages = json('messages.json');
  expect(messages.length).toBe(await countOf('SELECT count(*) FROM messages WHERE user_id = ?', [AMINA]));
  expect(messages.every((message) => typeof message.permalink === 'string' && (message.permalink as string).includes('/archive/'))).toBe(true);
  expect(json('sessions.json').length).toBeGreaterThan(0);
  expect(json('sign-ins.json').length).toBeGreaterThan(0);
  expect(json('mails.json').some((mail) => mail.template === 'sign-in')).toBe(true);
  expect(entries.get('messages.csv')!.toString().split('\r\n').filter(Boolean).length).toBe(messages.length + 1);
  fs.rmSync(file);
  expect(await countOf(`SELECT count(*) FROM audit_log WHERE action = 'member.data-downloaded' AND actor = (SELECT id FROM members WHERE email = ?)`, [AMINA_EMAIL])).toBeGreaterThan(0);
});

test('a member pseudonymises their name: gone from pages, mentions, search hits and facets, then back (en)', async ({ page }) => {
  await signIn(page, AMINA_EMAIL);
  await page.goto('/en/account');
  const nameForm = page.locator('form', { has: page.getByRole('group', { name: 'How the archive names you' }) });
  await page.getByLabel(/Pseudonymised/).check();
  await nameForm.getByRole('button', { name: 'Save this choice' }).click();
  await expect(page.getByText('Done: the archive and search already follow.')).toBeVisible();
  await expectAxeClean(page);

  // Person page, with their messages: no name, handle or title.
  await page.goto(`/en/archive/people/${AMINA}`);
  // The page's language names the pseudonym.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Former member');
  await expect(page.locator('h1')).not.toContainText('Amina');
  await expect(page.locator('main')).not.toContainText('amina.diallo');
  // Her @mention in someone else's message, on the channel page and in search.
  await page.goto(`/en/archive/${DATA_SHARING}?q=`);
  const mentions = page.locator(`a.mention[href$="/people/${AMINA}"]`);
  expect(await mentions.count()).toBeGreaterThan(0);
  for (const text of await mentions.allInnerTexts()) expect(text).toBe('@Former member');
  const hits = await searchText(page, 'en', 'conseils acceptée');
  expect(hits).toContain('conseils');
  expect(hits).not.toMatch(/@Amina/);
  expect(hits).not.toContain('Ancien membre');
  // A word of her own messages: the hits' author and the people facet say the pseudonym.
  const own = await searchText(page, 'en', 'pythoniste');
  expect(own).toMatch(/^Former member \(\d+\)$/m);
  expect(own).not.toContain('Ancien membre');
  expect(own).not.toMatch(/^Amina.*\(\d+\)$/m);
  // Her own words still name her: she hides that message, and search and the channel lose it.
  expect(own).toContain('Amina, postdoc');
  const client = await serverDatabase();
  const { rows } = await client.execute({ sql: "SELECT channel_id, ts FROM messages WHERE user_id = ? AND plain LIKE '%Amina, postdoc%'", args: [AMINA] });
  client.close();
  const [channelId, ts] = [String(rows[0]![0]), String(rows[0]![1])];
  await page.goto('/en/account');
  await page.getByLabel(/Link to the message/).fill(`${new URL(page.url()).origin}/archive/${channelId}/${ts}`);
  await page.getByRole('button', { name: 'Hide this message' }).click();
  await expect(page.getByText('Message hidden: the archive and search no longer show it.')).toBeVisible();
  expect(await searchText(page, 'en', 'pythoniste')).not.toContain('Amina, postdoc');
  await page.goto('/en/account');
  await page.getByRole('button', { name: 'Show again' }).click();
  await expect(page.getByText('Message shown again.')).toBeVisible();
  expect(await searchText(page, 'en', 'pythoniste')).toContain('Amina, postdoc');

  await page.goto('/en/account');
  await page.getByLabel(/As my “Show my name” choice/).check();
  await nameForm.getByRole('button', { name: 'Save this choice' }).click();
  await expect(page.getByText('Done: the archive and search already follow.')).toBeVisible();
  await page.goto(`/en/archive/people/${AMINA}`);
  await expect(page.locator('h1')).toContainText('Amina');
  expect(await searchText(page, 'en', 'conseils acceptée')).toMatch(/@Amina/);
});

test('an administrator pseudonymises a person who never had an account, audited with the request (fr)', async ({ page }) => {
  await signIn(page, 'admin@example.org');
  await page.goto('/fr/admin/people?q=noemie');
  await page.getByRole('link', { name: 'Noémie' }).click();
  await expect(page).toHaveURL(`/fr/admin/people/${NOEMIE}`);
  await expect(page.getByText('Aucun compte')).toBeVisible();
  await expectAxeClean(page);
  await page.getByLabel('Pseudonymiser').check();
  await page.getByLabel('Date de la demande').fill('2026-11-28');
  await page.getByLabel('Motif (tel que la demande le formule)').fill('Demande reçue par courriel');
  await page.getByRole('button', { name: 'Appliquer' }).click();
  await expect(page.getByText(/C’est fait/)).toBeVisible();
  await page.goto(`/fr/archive/people/${NOEMIE}`);
  await expect(page.locator('h1')).toHaveText(/Ancien membre/);
  const details = await countOf(
    `SELECT count(*) FROM audit_log WHERE action = 'person.name-level-changed' AND json_extract(details, '$.personId') = ? AND json_extract(details, '$.reason') = ? AND json_extract(details, '$.requestedAt') LIKE '2026-11-28%'`,
    [NOEMIE, 'Demande reçue par courriel'],
  );
  expect(details).toBe(1);

  await page.goto(`/fr/admin/people/${NOEMIE}`);
  await page.getByLabel('Revenir au réglage de la communauté').check();
  await page.getByLabel('Date de la demande').fill('2026-11-29');
  await page.getByLabel('Motif (tel que la demande le formule)').fill('Retrait de la demande');
  await page.getByRole('button', { name: 'Appliquer' }).click();
  await page.goto(`/fr/archive/people/${NOEMIE}`);
  await expect(page.locator('h1')).toContainText('Noémie');
});

/** The newest mail of a template to an address, as the demo's outbox keeps it. */
async function latestMail(recipient: string, template: string, since: number): Promise<string> {
  for (let waited = 0; waited < 5_000; waited += 100) {
    const client = await serverDatabase();
    const { rows } = await client.execute({ sql: 'SELECT text_body FROM mail_messages WHERE recipient = ? AND template = ? AND created_at >= ? ORDER BY created_at DESC LIMIT 1', args: [recipient, template, since] });
    client.close();
    if (typeof rows[0]?.text_body === 'string') return rows[0].text_body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no ${template} mail for ${recipient}`);
}

async function changeAddress(page: Page, locale: 'fr' | 'en', from: string, to: string): Promise<void> {
  await page.goto(locale === 'fr' ? '/fr/compte' : '/en/account');
  const since = Date.now();
  await page.getByLabel(locale === 'fr' ? 'Nouvelle adresse' : 'New address').fill(to);
  await page.getByRole('button', { name: locale === 'fr' ? 'Recevoir le lien de confirmation' : 'Send me the confirmation link' }).click();
  await expect(page.locator('p.notice')).toBeVisible();
  // The address changes only when the new address's link is opened and its button pressed.
  expect(await countOf('SELECT count(*) FROM members WHERE email = ?', [from])).toBe(1);
  const link = /(https?:\/\/\S+\?token=\S+)/.exec(await latestMail(to, 'email-change', since))![1]!;
  const path = new URL(link).pathname + new URL(link).search;
  await page.goto(path);
  await expectAxeClean(page);
  // The mail speaks the member's language (French here), whichever page they asked from.
  expect(path).toMatch(/^\/fr\/compte\/courriel\?token=/);
  await page.getByRole('button', { name: 'Confirmer', exact: true }).click();
  await expect(page.locator('p.notice')).toBeVisible();
  expect(await countOf('SELECT count(*) FROM members WHERE email = ?', [to])).toBe(1);
  await latestMail(from, 'email-changed', since);
  // Single use.
  await page.goto(path);
  await page.getByRole('button', { name: 'Confirmer', exact: true }).click();
  await expect(page.locator('p.form-error')).toBeVisible();
}

test('a member corrects their profile and changes their address, confirmed from the new address (fr, then back in en)', async ({ page }) => {
  await signIn(page, MOVING_EMAIL);
  await page.goto('/fr/compte');
  await page.getByLabel('Nom d’affichage').fill('Jean-Luc G.');
  await page.getByRole('button', { name: 'Enregistrer mon profil' }).click();
  await expect(page.getByText('Votre profil est corrigé.')).toBeVisible();
  await expect(page.getByLabel('Nom d’affichage')).toHaveValue('Jean-Luc G.');
  await changeAddress(page, 'fr', MOVING_EMAIL, 'jean-luc.nouveau@example.org');
  await changeAddress(page, 'en', 'jean-luc.nouveau@example.org', MOVING_EMAIL);
});

test('the privacy page states the community setting for people who left (both languages)', async ({ page }) => {
  await page.goto('/fr/confidentialite');
  await expect(page.locator('.pseudonymise-default')).toContainText('gardent leur nom');
  await page.goto('/en/privacy');
  await expect(page.locator('.pseudonymise-default')).toContainText('keep their name');
});
