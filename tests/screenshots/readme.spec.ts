import { test } from '@playwright/test';
import { clientAddress, signIn } from '../e2e/support/accounts.ts';

const OUT = new URL('../../docs/screenshots/', import.meta.url).pathname;
/** #large-discussions: members asking and answering, the channel a new operator judges the import by. */
const DISCUSSIONS = 'C04G3LRG5DS';

test.use({ viewport: { width: 1280, height: 1500 }, deviceScaleFactor: 1 });

test('README screenshots: a channel of the archive, and a search', async ({ page }) => {
  await page.setExtraHTTPHeaders({ 'x-forwarded-for': clientAddress('readme screenshots') });
  await signIn(page, 'claire.dubois@example.net');
  await page.goto(`/fr/archive/${DISCUSSIONS}?date=2023-10-10`);
  await page.screenshot({ path: `${OUT}archive.png` });
  await page.goto('/fr/archive/search?q=omop');
  await page.screenshot({ path: `${OUT}search.png` });
});
