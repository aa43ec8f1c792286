import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, test, type Page } from '@playwright/test';
import { clientAddress, serverDatabase, signIn } from './support/accounts.ts';
import { expectAxeClean } from './support/axe.ts';

const run = promisify(execFile);

test.beforeEach(async ({ page }, testInfo) => {
  await page.setExtraHTTPHeaders({ 'x-forwarded-for': clientAddress(testInfo.title) });
});

/** Operators start campaigns from the command line too; here it stands in for Postmark's absence in the demo (the plan is written, nothing is sent). */
async function startFromCommandLine(campaignId: string): Promise<void> {
  await run(process.execPath, ['src/cli/main.ts', 'campaign', 'start', campaignId, '--override', 'browser test without a checked domain'], {
    env: { ...process.env, PASSERELLE_DEMO: '1', DATA_DIR: process.env.E2E_DATA_DIR!, DNS_SERVERS: `127.0.0.1:${process.env.E2E_DNS_PORT ?? 5391}`, DNS_TIMEOUT_MS: '1000', LOG_LEVEL: 'warn' },
  });
}

async function createDraft(page: Page, name: string): Promise<string> {
  await page.goto('/fr/admin/campagnes');
  await page.getByLabel('Nom', { exact: true }).fill(name);
  const french = page.getByRole('group', { name: 'Message en français' });
  await french.getByLabel('Objet').fill('Renouvelez votre accès, {{name}}');
  await french.getByLabel('Message').fill('Bonjour {{name}},\n\nVotre lien personnel : {{link}}\n\n- il sert **une fois**');
  const english = page.getByRole('group', { name: 'Message en anglais' });
  await english.getByLabel('Objet').fill('Renew your access, {{name}}');
  await english.getByLabel('Message').fill('Hello {{name}},\n\n[Renew now]({{link}})');
  await page.getByRole('button', { name: 'Créer le brouillon' }).click();
  await expect(page).toHaveURL(/\/fr\/admin\/campagnes\/[0-9a-f-]{36}$/);
  return page.url().split('/').pop()!;
}

test('the campaign pages answer 404 to visitors and members, and a cross-site post creates nothing', async ({ page, request, baseURL }) => {
  for (const path of ['/fr/admin/campagnes', '/en/admin/campaigns']) {
    expect((await request.get(path)).status()).toBe(404);
    expect((await request.post(path, { form: { name: 'x' }, headers: { origin: baseURL! } })).status()).toBe(404);
  }
  await signIn(page, 'jean-luc.gagnon@example.org');
  expect((await page.goto('/fr/admin/campagnes'))?.status()).toBe(404);

  await signIn(page, 'admin@example.org');
  const forged = await page.request.post('/fr/admin/campagnes', {
    headers: { origin: 'https://evil.example' },
    multipart: { formId: '0b7a3a4e-1111-4222-8333-944445555666', name: 'Forged', subjectFr: 's', bodyFr: '{{link}}', subjectEn: 's', bodyEn: '{{link}}', stream: 'broadcast', firstWave: '50', growth: '2', dailyCap: '2000', organisationHourlyCap: '20', reminderAfterDays: '7' },
  });
  expect(forged.status()).toBe(403);
  const client = await serverDatabase();
  try {
    expect((await client.execute("SELECT count(*) AS n FROM campaigns WHERE name = 'Forged'")).rows[0]!.n).toBe(0);
  } finally {
    client.close();
  }
});

test('an administrator creates a campaign in French, fixes what the form refuses, previews both languages and sends a test to the outbox', async ({ page }) => {
  test.setTimeout(240_000);
  await signIn(page, 'admin@example.org');
  await page.goto('/fr/admin');
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Campagnes' }).click();
  await expect(page).toHaveURL(/\/fr\/admin\/campagnes$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Campagnes de renouvellement');
  await expect(page.getByText(/Les campagnes partent uniquement par Postmark/)).toBeVisible();
  await expectAxeClean(page);

  // A body without the link, a growth that is not a number, no filter chosen: each field says what is wrong, in French.
  await page.getByLabel('Nom', { exact: true }).fill('Renouvellement e2e');
  await page.getByLabel(/choisis par état, langue ou domaine/).check();
  const french = page.getByRole('group', { name: 'Message en français' });
  await french.getByLabel('Objet').fill('Renouvelez votre accès');
  await french.getByLabel('Message').fill('Bonjour {{name}}, renouvelez votre accès.');
  await page.getByLabel('Croissance quotidienne').fill('beaucoup');
  await page.getByRole('button', { name: 'Créer le brouillon' }).click();
  await expect(page.getByRole('alert')).toContainText('Le formulaire contient');
  await expect(french.getByLabel('Message')).toHaveAttribute('aria-invalid', 'true');
  await expect(french.getByText('Le message doit contenir {{link}}')).toBeVisible();
  await expect(page.getByRole('group', { name: 'Message en anglais' }).getByText('Écrivez l’objet')).toBeVisible();
  await expect(page.getByText('Un nombre de 1 à 10')).toBeVisible();
  await expect(page.getByText('Choisissez au moins un état, une langue ou un domaine')).toBeVisible();
  // What was typed comes back.
  await expect(page.getByLabel('Nom', { exact: true })).toHaveValue('Renouvellement e2e');
  await expectAxeClean(page);
  const client = await serverDatabase();
  try {
    expect((await client.execute("SELECT count(*) AS n FROM campaigns WHERE name = 'Renouvellement e2e'")).rows[0]!.n).toBe(0);
  } finally {
    client.close();
  }

  await page.getByLabel('Croissance quotidienne').fill('2');
  await page.getByLabel('Tous les membres qui n’ont pas encore renouvelé').check();
  const id = await createDraft(page, 'Renouvellement e2e');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Renouvellement e2e');
  await expect(page.getByText('Brouillon', { exact: true })).toBeVisible();

  // Previews: both languages, an example name and link, never a live token; the Markdown rendered, the HTML escaped.
  const frPreview = page.getByRole('region', { name: 'En français' });
  await expect(frPreview.getByText('Renouvelez votre accès, Camille Exemple')).toBeVisible();
  await expect(frPreview.locator('.mail-preview strong')).toHaveText('une fois');
  await expect(frPreview.locator('.mail-preview a').first()).toHaveAttribute('href', /\/…$/);
  const enPreview = page.getByRole('region', { name: 'En anglais' });
  await expect(enPreview.getByText('Renew your access, Sam Example')).toBeVisible();
  await expect(enPreview.getByRole('link', { name: 'Renew now' })).toHaveAttribute('href', /\/…$/);
  expect(await page.locator('main').innerHTML()).not.toContain('token=');

  // The schedule a start would make, and the day the last member is invited; no start without Postmark.
  const schedule = page.getByRole('region', { name: 'Calendrier' });
  await expect(schedule.getByText(/Le dernier membre est invité le/)).toBeVisible();
  await expect(schedule.getByRole('row', { name: /Jour 1/ })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Envoi' }).getByText(/partent uniquement par Postmark/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Démarrer la campagne' })).toHaveCount(0);
  await expectAxeClean(page);

  // A start posted anyway changes nothing.
  const refused = await page.request.post(page.url(), { form: { intent: 'start', status: 'draft' }, headers: { origin: new URL(page.url()).origin } });
  expect(refused.status()).toBe(409);
  expect(await refused.text()).toContain('partent uniquement par Postmark');

  const since = Date.now();
  await page.getByRole('button', { name: 'M’envoyer un essai' }).click();
  await expect(page.getByRole('status')).toContainText('Essai déposé dans la boîte d’envoi pour admin@example.org');
  const db = await serverDatabase();
  try {
    const { rows } = await db.execute({ sql: "SELECT locale, subject, text_body, stream FROM mail_messages WHERE template = 'campaign-test' AND recipient = 'admin@example.org' AND created_at >= ? ORDER BY locale", args: [since] });
    expect(rows.map((row) => [row.locale, row.subject, row.stream])).toEqual([
      ['en', 'Renew your access, Camille Admin', 'outbound'],
      ['fr', 'Renouvelez votre accès, Camille Admin', 'outbound'],
    ]);
    for (const row of rows) expect(String(row.text_body)).not.toContain('token=');
    const audit = await db.execute({ sql: "SELECT details FROM audit_log WHERE action = 'campaign.test-sent' AND details LIKE ?", args: [`%${id}%`] });
    expect(audit.rows).toHaveLength(1);
  } finally {
    db.close();
  }

  await page.goto(`/en/admin/campaigns/${id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Renouvellement e2e');
  await expect(page.getByRole('region', { name: 'In English' }).getByText('Renew your access, Sam Example')).toBeVisible();
  await expect(page.getByText(/The last member is invited on/)).toBeVisible();
  await expect(page.getByText(/Campaigns are sent through Postmark only/).first()).toBeVisible();
  await expectAxeClean(page);
});

test('a started campaign shows its schedule, its progress as numbers and as a chart with a text alternative, and pauses and resumes with a reason', async ({ page }) => {
  // The command line and four axe runs: slow on a shared machine.
  test.setTimeout(240_000);
  await signIn(page, 'admin@example.org');
  const id = await createDraft(page, 'Campagne démarrée e2e');
  await startFromCommandLine(id);
  const client = await serverDatabase();
  try {
    // Some news from Postmark, as its events would bring.
    await client.execute({ sql: "UPDATE campaign_recipients SET state = 'delivered', sent_at = ? WHERE campaign_id = ? AND rowid IN (SELECT rowid FROM campaign_recipients WHERE campaign_id = ? LIMIT 3)", args: [Date.now(), id, id] });
  } finally {
    client.close();
  }

  await page.goto(`/fr/admin/campagnes/${id}`);
  await expect(page.getByText('En cours', { exact: true })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Calendrier' }).getByText(/Le dernier membre est invité le/)).toBeVisible();
  const perWave = page.getByRole('table', { name: 'Par vague' });
  await expect(perWave.getByRole('row', { name: /Jour 1/ })).toBeVisible();
  await expect(perWave.locator('tfoot')).toContainText('3');
  const chart = page.getByRole('img', { name: 'Progression par vague' });
  await expect(chart).toBeVisible();
  await expect(chart.locator('desc')).toContainText('Jour 1: Remis 3');
  await expect(page.getByRole('table', { name: 'Par organisation réceptrice' })).toBeVisible();
  await expectAxeClean(page);

  // A pause needs a reason; a stale start form (the page said "draft") changes nothing.
  const stale = await page.request.post(page.url(), { form: { intent: 'start', status: 'draft' }, headers: { origin: new URL(page.url()).origin } });
  expect(stale.status()).toBe(409);
  expect(await stale.text()).toContain('La campagne a changé');
  // The browser asks for the reason first; the server refuses a pause without one all the same.
  const unreasoned = await page.request.post(page.url(), { form: { intent: 'pause', status: 'running', reason: '  ' }, headers: { origin: new URL(page.url()).origin } });
  expect(unreasoned.status()).toBe(400);
  expect(await unreasoned.text()).toContain('Donnez la raison\u202f: elle est inscrite au journal d’audit.');
  await page.getByLabel(/Raison de la pause/).fill('Vérifier les rebonds de l’université');
  await page.getByRole('button', { name: 'Mettre en pause' }).click();
  await expect(page.getByRole('status')).toContainText('Campagne en pause');
  await expect(page.getByText(/Vérifier les rebonds de l’université/).first()).toBeVisible();
  await expectAxeClean(page);

  await page.goto(`/en/admin/campaigns/${id}`);
  await page.getByLabel(/Why resume/).fill('Bounces checked: a typo in one address');
  await page.getByRole('button', { name: 'Resume the campaign' }).click();
  await expect(page.getByRole('status')).toContainText('Campaign resumed.');
  await expect(page.getByRole('img', { name: 'Progress per wave' })).toBeVisible();
  await expectAxeClean(page);

  const db = await serverDatabase();
  try {
    const { rows } = await db.execute({ sql: "SELECT action, details FROM audit_log WHERE details LIKE ? AND action IN ('campaign.paused', 'campaign.resumed', 'campaign.deliverability-overridden') ORDER BY id", args: [`%${id}%`] });
    expect(rows.map((row) => row.action)).toEqual(['campaign.deliverability-overridden', 'campaign.paused', 'campaign.resumed']);
    expect(JSON.parse(String(rows[2]!.details))).toMatchObject({ reason: 'Bounces checked: a typo in one address' });
  } finally {
    db.close();
  }
});
