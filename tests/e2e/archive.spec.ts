import { expect, test } from '@playwright/test';
import { clientAddress, holdingAddress, latestCode, signIn } from './support/accounts.ts';
import { expectAxeClean } from './support/axe.ts';

const DATA_SHARING = 'C04C7DPRT2M';
const ETHICS = 'C04H2CET7WP'; // private: Élise, François, Mathieu, Claire
const ETHICS_CANARY_TS = '1678718121.007211'; // Élise's message with the canary word
const ETHICS_THREAD_TS = '1704898848.212251';
const ETHICS_REPLY_TS = '1705068955.495678'; // Élise's reply in that thread: its permalink would name the thread
const UNKNOWN_TS = '1705068955.000001'; // no message has this ts
const OMOP_THREAD_TS = '1708442158.813750';
const ELISE = 'U04B1QK7ELS';

test.beforeEach(async ({ page }, testInfo) => {
  await page.setExtraHTTPHeaders({ 'x-forwarded-for': clientAddress(testInfo.title) });
});

test('a member goes from the directory to a channel, a thread, a permalink and a person', async ({ page }) => {
  // Eight pages and three axe runs, often the first test of a run on a cold server: a minute is too short on a shared machine.
  test.setTimeout(150_000);
  await signIn(page, 'claire.dubois@example.net');
  await page.goto('/fr/archive');
  await expect(page.getByRole('heading', { name: 'Archive Slack', level: 1 })).toBeVisible();
  await expectAxeClean(page);
  await page.getByRole('link', { name: '#donnees-partage' }).click();
  await expect(page).toHaveURL(`/fr/archive/${DATA_SHARING}`);
  await expect(page.getByRole('link', { name: 'Continuer dans Mattermost' })).toHaveAttribute(
    'href',
    `${process.env.E2E_MATTERMOST_URL}/collectif/channels/donnees-partage`,
  );
  await expectAxeClean(page);

  await page.getByLabel('Aller au mois').selectOption('2024-02');
  await page.getByRole('button', { name: 'Y aller' }).last().click();
  await expect(page).toHaveURL(/date=2024-02$/);
  await expect(page.locator('.day-heading').first()).toHaveText('mardi 20 février 2024');

  await page.getByLabel('Aller à la date').fill('2024-02-20');
  await page.getByRole('button', { name: 'Y aller' }).first().click();
  await expect(page.locator('.day-heading').first()).toHaveText('mardi 20 février 2024');
  const root = page.locator(`[id="m-${OMOP_THREAD_TS}"]`);
  await root.getByRole('link', { name: /réponses/ }).click();
  await expect(page).toHaveURL(`/fr/archive/${DATA_SHARING}/thread/${OMOP_THREAD_TS}`);
  await expect(page.locator('.message')).toHaveCount(5);
  await expectAxeClean(page);

  // A reply's time is its permalink: it opens the thread with that reply highlighted.
  const reply = page.locator('.message').nth(2);
  const replyId = (await reply.getAttribute('id'))!;
  await reply.locator('a.time').click();
  await expect(page).toHaveURL(new RegExp(`/fr/archive/${DATA_SHARING}/thread/${OMOP_THREAD_TS}\\?at=`));
  await expect(page.locator(`[id="${replyId}"]`)).toHaveAttribute('aria-current', 'true');
  await expect(page.locator(`[id="${replyId}"]`)).toBeInViewport();

  await page.getByRole('link', { name: '← Retour à #donnees-partage' }).click();
  await expect(page.locator(`[id="m-${OMOP_THREAD_TS}"]`)).toHaveClass(/highlighted/);

  await page.locator(`[id="m-${OMOP_THREAD_TS}"] a.author`).click();
  await expect(page).toHaveURL(/\/fr\/archive\/people\/U04D3ZB9QXE$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Zoë');
  await expectAxeClean(page);
});

test('a channel opens at its latest day, pages back and forward, and opens at the oldest on request', async ({ page }) => {
  await signIn(page, 'sarah.whitfield@example.com');
  const response = await page.goto('/en/archive/C04G3LRG5DS');
  // The reader's own browser keeps the page and asks again with its tag: unchanged, the answer is an empty 304.
  expect(response?.headers()['cache-control']).toBe('private, no-cache');
  const etag = response?.headers()['etag'];
  expect(etag).toMatch(/^".+"$/);
  // Tests run two at once against one server: another test's write may move the content version in between, and then
  // the page is new and answered 200 under a new tag. The same tag answered 200 is the failure.
  let tag = etag!;
  let status = 0;
  for (let attempt = 0; attempt < 5 && status !== 304; attempt++) {
    const again = await page.request.get('/en/archive/C04G3LRG5DS', { headers: { 'if-none-match': tag } });
    status = again.status();
    if (status === 200) {
      expect(again.headers()['etag']).not.toBe(tag);
      tag = again.headers()['etag']!;
    }
  }
  expect(status).toBe(304);
  expect((await page.request.get('/en/archive/C04G3LRG5DS', { headers: { 'if-none-match': '"another reader"' } })).status()).toBe(200);
  await expect(page.locator('.day-heading').last()).toHaveText(/2024/);
  await expect(page.getByRole('link', { name: 'Newer messages →' })).toHaveCount(0);
  const newestOnPage = await page.locator('.message').last().getAttribute('id');
  await page.getByRole('link', { name: '← Older messages' }).first().click();
  await expect(page.locator(`[id="${newestOnPage}"]`)).toHaveCount(0);
  await page.getByRole('link', { name: 'Newer messages →' }).first().click();
  await expect(page.locator(`[id="${newestOnPage}"]`)).toHaveCount(1);
  // A date after the last message opens the latest page, not an empty one.
  await page.goto('/en/archive/C04G3LRG5DS?date=2031-01-01');
  await expect(page.locator(`[id="${newestOnPage}"]`)).toHaveCount(1);
  await expect(page.getByRole('link', { name: '← Older messages' }).first()).toBeVisible();
  await page.getByRole('link', { name: 'Start of channel' }).click();
  await expect(page.locator('.day-heading').first()).toHaveText('Thursday, June 1, 2023');
});

test('a member outside a private channel finds none of it: pages, permalinks, threads, person pages', async ({ page, request }) => {
  await signIn(page, 'zoe.bergeron@example.com');
  await page.goto('/fr/archive');
  await expect(page.getByRole('link', { name: '#comite-ethique' })).toHaveCount(0);
  for (const path of [
    `/fr/archive/${ETHICS}`,
    `/en/archive/${ETHICS}/thread/${ETHICS_THREAD_TS}`,
    `/archive/${ETHICS}/${ETHICS_CANARY_TS}`,
    `/archive/${ETHICS}/${ETHICS_REPLY_TS}`,
  ]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
  }
  // A reply's permalink answers exactly as an unknown message's: where it leads would name its thread.
  const permalinkAnswer = async (ts: string) => {
    const response = await page.request.get(`/archive/${ETHICS}/${ts}`, { maxRedirects: 0 });
    const headers = response.headers();
    return {
      status: response.status(),
      location: headers['location']?.replaceAll(ts, '{ts}'),
      vary: headers['vary'],
      cacheControl: headers['cache-control'],
      body: await response.text(),
    };
  };
  const replyAnswer = await permalinkAnswer(ETHICS_REPLY_TS);
  expect(replyAnswer).toEqual(await permalinkAnswer(UNKNOWN_TS));
  expect(replyAnswer.location).toBe(`/fr/archive/${ETHICS}?at={ts}#m-{ts}`);
  // A channel that does not exist answers exactly the same.
  const missing = await page.goto('/fr/archive/C00NOTHERE');
  expect(missing?.status()).toBe(404);
  await page.goto(`/fr/archive/people/${ELISE}`);
  await expect(page.locator('main')).not.toContainText('ornithorynque');
  await expect(page.locator('main')).not.toContainText('comite-ethique');
  expect((await request.get(`/fr/archive/${ETHICS}`, { maxRedirects: 0 })).status()).toBe(303);
});

test('a member of the private channel reads it', async ({ page }) => {
  await signIn(page, 'elise.cote@example.org');
  await page.goto(`/archive/${ETHICS}/${ETHICS_CANARY_TS}`);
  await expect(page.locator(`[id="m-${ETHICS_CANARY_TS}"]`)).toContainText('ornithorynque');
  await page.goto(`/archive/${ETHICS}/${ETHICS_REPLY_TS}`);
  await expect(page).toHaveURL(`/fr/archive/${ETHICS}/thread/${ETHICS_THREAD_TS}?at=${ETHICS_REPLY_TS}#m-${ETHICS_REPLY_TS}`);
  await expect(page.locator(`[id="m-${ETHICS_REPLY_TS}"]`)).toHaveAttribute('aria-current', 'true');
  await page.goto(`/fr/archive/people/${ELISE}`);
  await expect(page.locator('main')).toContainText('ornithorynque');
});

test('a visitor is asked to sign in and lands back on the page', async ({ page }) => {
  await page.goto(`/fr/archive/${DATA_SHARING}?date=2024-02-20`);
  await expect(page).toHaveURL(/\/fr\/connexion\?next=/);
  await holdingAddress('jean-luc.gagnon@example.org', async () => {
    const since = Date.now();
    await page.getByLabel('Adresse courriel').fill('jean-luc.gagnon@example.org');
    await page.getByRole('button', { name: 'Recevoir mon code' }).click();
    await page.getByLabel('Code à 8 chiffres').fill(await latestCode('jean-luc.gagnon@example.org', since));
    await page.getByRole('button', { name: 'Me connecter' }).click();
    await expect(page).toHaveURL(`/fr/archive/${DATA_SHARING}?date=2024-02-20`);
  });
  await expect(page.locator('.day-heading').first()).toHaveText('mardi 20 février 2024');
});

test("a Slack permalink's path leads to the same message", async ({ page }) => {
  await signIn(page, 'mathieu.leblanc@example.org');
  await page.goto(`/archives/${DATA_SHARING}/p${OMOP_THREAD_TS.replace('.', '')}`);
  await expect(page).toHaveURL(new RegExp(`/fr/archive/${DATA_SHARING}\\?at=${OMOP_THREAD_TS}`));
  await expect(page.locator(`[id="m-${OMOP_THREAD_TS}"]`)).toHaveAttribute('aria-current', 'true');
});

test.describe('at 360 px without JavaScript', () => {
  test.use({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false });
  test('channel and thread pages fit, and reactions name who reacted from the keyboard', async ({ page }) => {
    await signIn(page, 'francois.nguyen@example.org');
    for (const path of [`/fr/archive/${DATA_SHARING}?date=2024-02-20`, `/fr/archive/${DATA_SHARING}/thread/${OMOP_THREAD_TS}`, '/fr/archive']) {
      await page.goto(path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    await page.goto(`/fr/archive/${DATA_SHARING}?date=2024-02-20`);
    // The reactions of a message are one disclosure: it opens from the keyboard, without script.
    const reactions = page.locator('details.reactions').first();
    await expect(reactions.locator('.reaction-people')).toBeHidden();
    await reactions.locator('summary').focus();
    await page.keyboard.press('Enter');
    await expect(reactions.locator('.reaction-people')).toBeVisible();
  });
});

test('a member reads times in the zone they choose on their account page', async ({ page }) => {
  await signIn(page, 'francois.nguyen@example.org');
  const root = page.locator(`[id="m-${OMOP_THREAD_TS}"] time`);
  await page.goto(`/fr/archive/${DATA_SHARING}/thread/${OMOP_THREAD_TS}`);
  await expect(root).toHaveText(/^10 h 15/); // 15:15 UTC in Toronto, the community's zone
  await page.goto('/fr/compte');
  await page.getByLabel('Afficher les dates et heures selon').selectOption('Europe/Paris');
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await expect(page.getByLabel('Afficher les dates et heures selon')).toHaveValue('Europe/Paris');
  await page.goto(`/fr/archive/${DATA_SHARING}/thread/${OMOP_THREAD_TS}`);
  await expect(root).toHaveText(/^16 h 15/);
  // Back to the community's zone, for the tests that read this member's pages next.
  await page.goto('/fr/compte');
  await page.getByLabel('Afficher les dates et heures selon').selectOption('');
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await expect(page.getByLabel('Afficher les dates et heures selon')).toHaveValue('');
});
