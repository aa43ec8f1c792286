import { expect, test } from '@playwright/test';
import { clientAddress, signIn } from './support/accounts.ts';
import { expectAxeClean } from './support/axe.ts';

const ETHICS = 'C04H2CET7WP'; // private: Élise, François, Mathieu, Claire
const CANARY = 'ornithorynque'; // said only in the private channel

test.beforeEach(async ({ page }, testInfo) => {
  await page.setExtraHTTPHeaders({ 'x-forwarded-for': clientAddress(testInfo.title) });
});

test('a member searches from the box, narrows by a facet, sorts, and opens a thread and a permalink', async ({ page }) => {
  await signIn(page, 'maya.okafor@example.com');
  await page.goto('/fr/archive');
  await page.getByRole('searchbox', { name: 'Rechercher dans l’archive' }).fill('omop');
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await expect(page).toHaveURL('/fr/archive/search?q=omop');
  const heading = page.getByRole('heading', { level: 2, name: /résultats?$/ });
  await expect(heading).toBeVisible();
  await expect(page.locator('.search-hit mark').first()).toHaveText(/omop/i);
  await expectAxeClean(page);

  // One click on a channel narrows to it: the count shown beside it is the new total.
  const facet = page.locator('.search-facets').getByRole('link', { name: /^#evenements \(\d+\)$|^#événements \(\d+\)$/ });
  const facetCount = Number(/\((\d+)\)/.exec((await facet.textContent())!)![1]);
  await facet.click();
  await expect(page).toHaveURL(/q=omop\+in%3A%23/);
  await expect(heading).toHaveText(facetCount === 1 ? '1 résultat' : `${facetCount} résultats`);
  await expect(page.locator('.search-hit')).toHaveCount(facetCount);

  // Sorting oldest first keeps the filter (the controls write it into the query) and orders by time.
  await page.getByRole('searchbox', { name: 'Rechercher dans l’archive' }).last().fill('omop');
  await page.getByLabel('Trier par').selectOption('oldest');
  await page.getByRole('button', { name: 'Rechercher' }).last().click();
  await expect(page).toHaveURL(/sort=oldest/);
  await expect(page).toHaveURL(/in%3A/);
  const times = await page.locator('.search-hit time').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('datetime')!));
  expect(times.length).toBeGreaterThan(1);
  expect([...times].sort()).toEqual(times);

  // The same search with a has: control, then a thread and a permalink.
  await page.goto('/fr/archive/search?q=omop+is%3Athread');
  await page.locator('.search-hit').getByRole('link', { name: /voir le fil/ }).first().click();
  await expect(page).toHaveURL(/\/fr\/archive\/C[A-Z0-9]+\/thread\/\d+\.\d+$/);
  await expect(page.locator('main')).toContainText(/omop/i);
  await page.goBack();
  const permalink = page.locator('.search-hit a.time').first();
  const target = await permalink.getAttribute('href');
  await permalink.click();
  const ts = target!.split('/').at(-1)!;
  await expect(page.locator(`[id="m-${ts}"]`)).toBeVisible();
});

test('a search no message fully answers names the words it left out and links the strict search', async ({ page }) => {
  await signIn(page, 'maya.okafor@example.com');
  await page.goto('/en/archive/search?q=omop+xylophonique');
  const notice = page.locator('.notice', { hasText: 'Few messages hold all your words' });
  await expect(notice).toContainText('without “xylophonique”');
  await expect(page.locator('.search-hit mark').first()).toHaveText(/omop/i);
  await expectAxeClean(page);
  await notice.getByRole('link', { name: 'Only messages holding every word' }).click();
  await expect(page).toHaveURL('/en/archive/search?q=omop+xylophonique&all=1');
  await expect(page.getByRole('heading', { level: 2, name: '0 results' })).toBeVisible();
  await expect(page.locator('.search-hit')).toHaveCount(0);
  // Several words left out: each message that follows lacks some of them, not all.
  await page.goto('/fr/archive/search?q=omop+xylophonique+ornithorynquement');
  await expect(page.locator('.notice', { hasText: 'Peu de messages contiennent tous vos mots' })).toContainText(
    'où manquent un ou plusieurs de ces mots : « omop », « xylophonique », « ornithorynquement »',
  );
  await expect(page.locator('.search-hit mark').first()).toHaveText(/omop/i);
});

test('a member outside a private channel finds nothing of it: results, facets, filters, API', async ({ page }) => {
  await signIn(page, 'zoe.bergeron@example.com');
  await page.goto(`/fr/archive/search?q=${CANARY}`);
  await expect(page.getByRole('heading', { level: 2, name: '0 résultat' })).toBeVisible();
  await page.goto('/fr/archive/search?q=in%3A%23comite-ethique');
  await expect(page.locator('.notice')).toContainText('aucun canal lisible de ce nom');
  await expect(page.locator('.search-hit')).toHaveCount(0);
  await page.goto(`/fr/archive/search?q=in%3A${ETHICS}+donn%C3%A9es`);
  await expect(page.locator('.search-hit')).toHaveCount(0);
  // A common word: no hit, count or facet from the private channel.
  await page.goto('/fr/archive/search?q=donn%C3%A9es');
  await expect(page.locator('main')).not.toContainText('comite-ethique');
  await expect(page.locator('main')).not.toContainText(CANARY);

  const api = await page.request.get(`/api/search?q=${CANARY}`);
  expect(api.status()).toBe(200);
  expect(await api.json()).toMatchObject({ total: 0, hits: [] });
  const common = await (await page.request.get('/api/search?q=donn%C3%A9es&sort=newest')).json();
  expect(common.total).toBeGreaterThan(0);
  expect(JSON.stringify(common)).not.toContain(ETHICS);
  expect(JSON.stringify(common)).not.toContain(CANARY);
  await expectAxeClean(page);
});

test('a member of the private channel finds it, by the page and by the API', async ({ page }) => {
  await signIn(page, 'elise.cote@example.org');
  await page.goto(`/en/archive/search?q=${CANARY}`);
  await expect(page.getByRole('heading', { level: 2, name: /^\d+ results?$/ })).toBeVisible();
  await expect(page.locator('.search-hit mark').first()).toHaveText(CANARY);
  const api = await (await page.request.get(`/api/search?q=${CANARY}+in%3A%23comite-ethique`)).json();
  expect(api.total).toBeGreaterThan(0);
  expect(api.hits.every((hit: { channel: { id: string } }) => hit.channel.id === ETHICS)).toBe(true);
  expect(api.hits[0].snippet.some((part: { text: string; match: boolean }) => part.match && part.text === CANARY)).toBe(true);
});

test('the search API wants a session, and visitors are sent to sign in', async ({ page, request }) => {
  const response = await request.get('/api/search?q=omop');
  expect(response.status()).toBe(401);
  expect(response.headers()['cache-control']).toBe('no-store');
  await page.goto('/fr/archive/search?q=omop');
  await expect(page).toHaveURL(/\/fr\/connexion\?next=%2Ffr%2Farchive%2Fsearch%3Fq%3Domop/);
});

test('hostile queries search what they can and say what was ignored', async ({ page }) => {
  await signIn(page, 'jean-luc.gagnon@example.org');
  const response = await page.goto(`/fr/archive/search?q=${encodeURIComponent('"omop NEAR( AND <script>alert(1)</script>')}`);
  expect(response?.status()).toBe(200);
  await expect(page.locator('.notice', { hasText: 'Ignoré dans la recherche' })).toContainText('guillemet non fermé');
  expect(await page.locator('main script').count()).toBe(0);
  const long = await page.goto(`/fr/archive/search?q=${'a'.repeat(10_000)}`);
  expect(long?.status()).toBe(200);
});
