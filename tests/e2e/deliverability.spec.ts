import { expect, test } from '@playwright/test';
import { clientAddress, serverDatabase, signIn } from './support/accounts.ts';
import { expectAxeClean } from './support/axe.ts';

test.beforeEach(async ({ page }, testInfo) => {
  await page.setExtraHTTPHeaders({ 'x-forwarded-for': clientAddress(testInfo.title) });
});

test('the deliverability page answers 404 to visitors and members, and runs nothing for them', async ({ page, request, baseURL }) => {
  for (const path of ['/fr/admin/courriel', '/en/admin/mail']) {
    expect((await request.get(path)).status()).toBe(404);
    expect((await request.post(path, { form: { intent: 'check' }, headers: { origin: baseURL! } })).status()).toBe(404);
  }
  await signIn(page, 'jean-luc.gagnon@example.org');
  expect((await page.goto('/fr/admin/courriel'))?.status()).toBe(404);
});

test('an administrator runs the check without JavaScript, reads it in both languages and copies the DNS record', async ({ browser, page }, testInfo) => {
  await signIn(page, 'admin@example.org');
  await page.goto('/fr/admin');
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Délivrabilité' }).click();
  await expect(page).toHaveURL(/\/fr\/admin\/courriel$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Délivrabilité du courriel');
  await expect(page.getByText('Aucune vérification n’a encore été faite.')).toBeVisible();
  await expectAxeClean(page);

  // The button is a plain form: a browser without JavaScript runs the check and comes back to the page.
  const noScript = await browser.newContext({ javaScriptEnabled: false, extraHTTPHeaders: { 'x-forwarded-for': clientAddress(`${testInfo.title} no script`) } });
  const plain = await noScript.newPage();
  await signIn(plain, 'admin@example.org');
  await plain.goto('/fr/admin/courriel');
  await plain.getByRole('button', { name: 'Vérifier maintenant' }).click();
  await expect(plain).toHaveURL(/\/fr\/admin\/courriel$/);
  await expect(plain.getByRole('status')).toContainText('Tout est en ordre');
  await noScript.close();

  await page.reload();
  const checks = page.locator('table.checks');
  await expect(checks.getByRole('row', { name: /^SPF/ })).toContainText('Réussi');
  await expect(checks.getByRole('row', { name: /^Signature DKIM/ })).toContainText('À améliorer');
  await expect(checks.getByRole('row', { name: /^Return-Path personnalisé/ })).toContainText('Réussi');
  const dmarc = checks.getByRole('row', { name: /^DMARC/ });
  await expect(dmarc).toContainText('À améliorer');
  await expect(dmarc.locator('pre')).toHaveText('v=DMARC1; p=none; rua=mailto:bonjour@example.org');
  await expect(page.getByRole('row', { name: /Microsoft 365/ })).toContainText('example.com');
  await expectAxeClean(page);

  await page.goto('/en/admin/mail');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Email deliverability');
  await expect(page.locator('table.checks').getByRole('row', { name: /^DMARC/ })).toContainText('Could be better');
  await expect(page.getByRole('row', { name: /Google/ })).toContainText('example.net');
  await expectAxeClean(page);

  const client = await serverDatabase();
  try {
    const { rows } = await client.execute('SELECT passed, failing, domain FROM deliverability_checks ORDER BY checked_at DESC LIMIT 1');
    expect(rows[0]).toMatchObject({ passed: 1, failing: '[]', domain: 'example.org' });
  } finally {
    client.close();
  }
});
