import { expect, test } from '@playwright/test';
import { clientAddress, holdingAddress, latestCode, latestLink, requestCode, serverDatabase, signIn } from './support/accounts.ts';
import { expectAxeClean } from './support/axe.ts';

test.beforeEach(async ({ page }, testInfo) => {
  await page.setExtraHTTPHeaders({ 'x-forwarded-for': clientAddress(testInfo.title) });
});

test('a member signs in with the code from the email and sees their name', async ({ page }) => {
  await signIn(page, 'elise.cote@example.org', { fresh: true });
  await expect(page.locator('.account-name')).toHaveText(/Élise/);
  await page.goto('/fr/compte');
  await expect(page.getByText('Cet appareil')).toBeVisible();
});

test('a member signs in with the link, but only by pressing the button', async ({ page }) => {
  await holdingAddress('francois.nguyen@example.org', async () => {
    const since = await requestCode(page, 'francois.nguyen@example.org', 'en');
    const link = await latestLink('francois.nguyen@example.org', since);
    const path = new URL(link).pathname + new URL(link).search;
    // A mail scanner's GET (here: two of them) signs nobody in and does not spend the link.
    await page.goto(path);
    await page.goto(path);
    await expect(page.locator('.account-name')).toHaveCount(0);
    // The email and its link speak the member's language (French here), whatever page they asked from.
    expect(path).toMatch(/^\/fr\/connexion\/lien\?token=/);
    await page.getByRole('button', { name: 'Me connecter' }).click();
    await expect(page).toHaveURL(/\/fr\/archive$/);
    await expect(page.locator('.account-name')).toBeVisible();
    // Single use.
    await page.goto(path);
    await expect(page.getByText('Ce lien a déjà servi ou a expiré.')).toBeVisible();
  });
});

test('an unknown address gets exactly the page a member gets', async ({ page }) => {
  await holdingAddress('zoe.bergeron@example.com', () => requestCode(page, 'zoe.bergeron@example.com'));
  const memberPage = await page.locator('main').innerHTML();
  await requestCode(page, 'nobody-here@example.org');
  expect(await page.locator('main').innerHTML()).toBe(memberPage);
  await expect(latestCode('nobody-here@example.org')).rejects.toThrow('no sign-in mail');
});

test('the sixth request for one address within an hour gets the 429 page', async ({ page }) => {
  for (let attempt = 1; attempt <= 5; attempt++) await requestCode(page, 'someone-else@example.org');
  await page.goto('/fr/connexion');
  await page.getByLabel('Adresse courriel').fill('someone-else@example.org');
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/fr/connexion') && r.request().method() === 'POST'),
    page.getByRole('button', { name: 'Recevoir mon code' }).click(),
  ]);
  expect(response.status()).toBe(429);
  expect(Number(response.headers()['retry-after'])).toBeGreaterThan(0);
  await expect(page.getByRole('heading', { name: 'Trop de tentatives' })).toBeVisible();
  await expect(page.getByText(/Vous pourrez réessayer à/)).toBeVisible();
});

test('five wrong codes lock the code: the sixth try gets a 429 page that leads to a new code', async ({ page }) => {
  await requestCode(page, 'wrong-codes@example.org');
  for (let attempt = 1; attempt <= 5; attempt++) {
    await page.getByLabel('Code à 8 chiffres').fill('00000000');
    await page.getByRole('button', { name: 'Me connecter' }).click();
    await expect(page.getByRole('alert')).toHaveText('Ce code n’est pas valide ou a expiré.');
  }
  await page.getByLabel('Code à 8 chiffres').fill('00000000');
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/fr/connexion/code') && r.request().method() === 'POST'),
    page.getByRole('button', { name: 'Me connecter' }).click(),
  ]);
  expect(response.status()).toBe(429);
  await expect(page.getByRole('heading', { name: 'Trop de tentatives' })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveText('Trop de codes erronés\u202f: pour protéger votre compte, ce code ne peut plus servir. Demandez-en un nouveau.');
  await page.getByRole('link', { name: 'Demander un nouveau code' }).click();
  await expect(page).toHaveURL(/\/fr\/connexion$/);
});

test('signing out ends the session on the server, not only in the browser', async ({ page, context, playwright, baseURL }) => {
  await signIn(page, 'mathieu.leblanc@example.org', { fresh: true });
  const cookie = (await context.cookies()).find((c) => c.name === 'passerelle-session')!;
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page.locator('.account-name')).toHaveCount(0);
  // Replaying the old cookie does not work any more.
  const replay = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { cookie: `passerelle-session=${cookie.value}` } });
  const response = await replay.get('/fr/compte', { maxRedirects: 0 });
  expect(response.status()).toBe(303);
  expect(response.headers()['location']).toMatch(/^\/fr\/connexion\?next=/);
  await replay.dispose();
});

test("a disabled member's open session stops at their next request", async ({ browser }, testInfo) => {
  const headers = { 'x-forwarded-for': clientAddress(testInfo.title) };
  const memberContext = await browser.newContext({ extraHTTPHeaders: headers });
  const adminContext = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': clientAddress(`${testInfo.title} admin`) } });
  const member = await memberContext.newPage();
  const admin = await adminContext.newPage();
  await signIn(member, 'amina.diallo@example.net');
  await signIn(admin, 'admin@example.org');
  // Disabled and enabled again while no other test signs this member in.
  await holdingAddress('amina.diallo@example.net', async () => {
    await admin.goto('/fr/admin?q=amina');
    await admin.getByRole('link', { name: 'amina.diallo@example.net' }).click();
    await admin.getByRole('button', { name: 'Désactiver' }).click();
    await expect(admin.locator('.facts')).toContainText('Désactivé');
    await member.reload();
    await expect(member).toHaveURL(/\/fr\/connexion\?next=/);
    await admin.getByRole('button', { name: 'Réactiver', exact: true }).click();
    await expect(admin.locator('.facts')).not.toContainText('Désactivé');
  });
  // The action is in the audit log.
  await admin.goto('/fr/admin/audit');
  await expect(admin.locator('table')).toContainText('Membre désactivé');
  await memberContext.close();
  await adminContext.close();
});

test('the admin area answers 404 to members and visitors', async ({ page, request }) => {
  for (const path of ['/fr/admin', '/en/admin/outbox', '/fr/admin/audit']) expect((await request.get(path)).status()).toBe(404);
  await signIn(page, 'sarah.whitfield@example.com');
  for (const path of ['/fr/admin', '/en/admin/outbox', '/fr/admin/audit']) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(404);
  }
});

test('an administrator adds a member, reads the outbox and hands over a rescue link', async ({ page }) => {
  await signIn(page, 'admin@example.org');
  await page.goto('/en/admin');
  await expectAxeClean(page);
  await page.getByLabel('Email', { exact: true }).fill('new.member@example.org');
  await page.getByLabel('Name').fill('Nouvelle Personne');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'new.member@example.org' })).toBeVisible();
  await expectAxeClean(page);
  await page.getByRole('button', { name: 'Create a one-time sign-in link' }).click();
  await expect(page.locator('code')).toContainText('/fr/connexion/lien?token=');
  await page.goto('/en/admin/outbox');
  await expect(page.locator('table')).toContainText('admin@example.org');
  await expectAxeClean(page);
  await page.goto('/en/admin/audit');
  await expect(page.locator('table')).toContainText('Sign-in link issued');
  await expectAxeClean(page);
});

test("an administrator reads a sign-in mail's code only while it can sign in, and the read is audited", async ({ page }) => {
  // Two sign-in mails as the outbox keeps them: one just sent, one from 20 minutes ago (codes live 15).
  const database = await serverDatabase();
  const mailWithCode = async (id: string, code: string, createdAt: number) => {
    await database.execute({
      sql: "INSERT INTO mail_messages (id, created_at, recipient, template, locale, stream, subject, transport, status, text_body, sent_at) VALUES (?, ?, 'claire.dubois@example.net', 'sign-in', 'fr', 'outbound', 'Votre code', 'outbox', 'sent', ?, ?)",
      args: [id, createdAt, `Votre code : ${code}`, createdAt],
    });
  };
  const audited = async (id: string) =>
    Number((await database.execute({ sql: "SELECT count(*) FROM audit_log WHERE action = 'member.sign-in-mail-read' AND instr(details, ?) > 0", args: [id] })).rows[0]![0]);
  try {
    await mailWithCode('e2e-live-sign-in', '11112222', Date.now());
    await mailWithCode('e2e-expired-sign-in', '33334444', Date.now() - 20 * 60_000);
    await signIn(page, 'admin@example.org');
    await page.goto('/en/admin/outbox/e2e-expired-sign-in');
    await expect(page.getByText('The text is not kept: it contained a sign-in code.')).toBeVisible();
    await expect(page.locator('main')).not.toContainText('33334444');
    await page.goto('/en/admin/outbox/e2e-live-sign-in');
    await expect(page.locator('.mail-body')).toContainText('11112222');
    // The test reads the server's database through a connection of its own: it waits until the record shows there.
    await expect.poll(() => audited('e2e-live-sign-in')).toBe(1);
    // Only now that the later read is recorded: a record of the expired mail, opened first, would be there too.
    expect(await audited('e2e-expired-sign-in')).toBe(0);
  } finally {
    database.close();
  }
});

test('sign-in pages pass axe in both languages and are never cached', async ({ page }) => {
  for (const path of ['/fr/connexion', '/en/sign-in', '/fr/connexion/lien?token=nope', '/en/sign-in/link?token=nope', '/fr/deconnexion']) {
    const response = await page.goto(path);
    expect(response?.headers()['cache-control'], path).toBe('no-store');
    await expectAxeClean(page);
  }
  await holdingAddress('sarah.whitfield@example.com', async () => {
    await requestCode(page, 'sarah.whitfield@example.com', 'en');
    await expectAxeClean(page);
    await page.getByLabel('8-digit code').fill('00000000');
    await page.getByRole('button', { name: 'Sign in' }).last().click();
    await expect(page.getByText('This code is not valid or has expired.')).toBeVisible();
    await expectAxeClean(page);
  });
  await signIn(page, 'sarah.whitfield@example.com');
  await expectAxeClean(page);
});

test('a form posted from another site is refused and changes nothing', async ({ page }) => {
  await signIn(page, 'sarah.whitfield@example.com', { fresh: true });
  const forged = await page.request.post('/fr/deconnexion', { headers: { origin: 'https://evil.example' }, form: { everywhere: 'on' } });
  expect(forged.status()).toBe(403);
  await page.goto('/fr/compte');
  await expect(page).toHaveURL(/\/fr\/compte$/);
  const fromHere = await page.request.post('/fr/deconnexion', { headers: { origin: new URL(page.url()).origin }, maxRedirects: 0 });
  expect(fromHere.status()).toBeLessThan(400);
});
