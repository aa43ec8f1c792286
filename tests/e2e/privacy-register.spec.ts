import { expect, test, type Page } from '@playwright/test';
import { clientAddress, serverDatabase, signIn } from './support/accounts.ts';
import { expectAxeClean } from './support/axe.ts';

/**
 * The operator's side of Law 25: the confidentiality incident register
 * (create, edit with every change audited, CSV), the warning while the
 * assessment of communications outside Québec is missing, and the privacy
 * page's retention table, in both languages and without JavaScript.
 */

test.beforeEach(async ({ page }, testInfo) => {
  await page.setExtraHTTPHeaders({ 'x-forwarded-for': clientAddress(testInfo.title) });
});

const FR = {
  occurredOn: 'Date de l’incident (ou début de la période)',
  discoveredOn: 'Date à laquelle l’incident a été constaté',
  description: 'Description des circonstances',
  information: 'Renseignements personnels visés (ou pourquoi ils ne peuvent être décrits)',
  people: 'Nombre de personnes concernées',
  approximate: 'Ce nombre est approximatif',
  sensitivity: 'Sensibilité des renseignements',
  consequences: 'Conséquences appréhendées de leur utilisation',
  likelihood: 'Probabilité qu’ils soient utilisés à des fins préjudiciables',
  measures: 'Mesures prises pour diminuer les risques',
  reason: 'Raisons de l’absence d’avis (s’il y a lieu)',
};
const EN = {
  occurredOn: 'Date of the incident (or start of the period)',
  discoveredOn: 'Date the incident was discovered',
  description: 'Description of the circumstances',
  information: 'Personal information concerned (or why it cannot be described)',
  people: 'Number of people concerned',
  sensitivity: 'Sensitivity of the information',
  consequences: 'Anticipated consequences of their use',
  likelihood: 'Likelihood that they will be used for injurious purposes',
  measures: 'Measures taken to reduce the risk',
  commission: 'Date the Commission d’accès à l’information was notified',
  reason: 'Why they were not notified (if so)',
};

async function auditEntries(action: string, incidentId: number) {
  const client = await serverDatabase();
  try {
    const { rows } = await client.execute({ sql: "SELECT actor, details FROM audit_log WHERE action = ? AND json_extract(details, '$.incidentId') = ? ORDER BY id", args: [action, incidentId] });
    return rows.map((row) => ({ actor: String(row.actor), details: JSON.parse(String(row.details)) }));
  } finally {
    client.close();
  }
}

function incidentIdFrom(page: Page): number {
  return Number(/\/admin\/incidents\/(\d+)/.exec(new URL(page.url()).pathname)![1]);
}

test('the incident register answers 404 to visitors and members, and takes no write from them', async ({ page, request, baseURL }) => {
  for (const path of ['/fr/admin/incidents', '/en/admin/incidents/new', '/fr/admin/incidents.csv', '/fr/admin/privacy']) {
    expect((await request.get(path)).status(), path).toBe(404);
  }
  expect((await request.post('/fr/admin/incidents/new', { form: { description: 'x' }, headers: { origin: baseURL! } })).status()).toBe(404);
  await signIn(page, 'jean-luc.gagnon@example.org');
  expect((await page.goto('/fr/admin/incidents'))?.status()).toBe(404);
  expect((await page.request.get('/en/admin/incidents.csv')).status()).toBe(404);
  // A cross-site form is refused before anything else.
  expect((await request.post('/fr/admin/incidents/new', { form: { description: 'x' }, headers: { origin: 'https://evil.example' } })).status()).toBe(403);
});

test('an administrator records an incident without JavaScript, edits it with the change audited, and downloads the register (French)', async ({ browser, page }, testInfo) => {
  const noScript = await browser.newContext({ javaScriptEnabled: false, extraHTTPHeaders: { 'x-forwarded-for': clientAddress(`${testInfo.title} no script`) } });
  const plain = await noScript.newPage();
  await signIn(plain, 'admin@example.org');
  await plain.goto('/fr/admin');
  await plain.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Incidents' }).click();
  await expect(plain.getByRole('heading', { level: 1 })).toHaveText('Registre des incidents de confidentialité');
  await plain.getByRole('link', { name: 'Consigner un incident' }).click();
  const description = `Liste des membres envoyée par erreur à une mauvaise adresse (${testInfo.workerIndex}-${Date.now()})`;
  await plain.getByLabel(FR.occurredOn, { exact: true }).fill('2026-11-02');
  await plain.getByLabel(FR.discoveredOn, { exact: true }).fill('2026-11-04');
  await plain.getByLabel(FR.description, { exact: true }).fill(description);
  await plain.getByLabel(FR.information, { exact: true }).fill('Noms et adresses courriel');
  await plain.getByLabel(FR.people, { exact: true }).fill('140');
  await plain.getByLabel(FR.sensitivity, { exact: true }).fill('Faible : aucun renseignement de santé');
  await plain.getByLabel(FR.consequences, { exact: true }).fill('Courriels non sollicités');
  await plain.getByLabel(FR.likelihood, { exact: true }).fill('Faible : la personne a supprimé le message');
  await plain.getByRole('radio', { name: 'Non' }).check();
  await plain.getByLabel(FR.measures, { exact: true }).fill('Suppression confirmée par écrit.');
  await plain.getByLabel(FR.reason, { exact: true }).fill('Aucun risque de préjudice sérieux');
  await plain.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(plain).toHaveURL(/\/fr\/admin\/incidents\/\d+\?saved=1$/);
  await expect(plain.getByRole('status')).toHaveText('Incident enregistré.');
  const id = incidentIdFrom(plain);

  // The edit form holds what was recorded; a change is saved and audited with its before and after.
  await expect(plain.getByLabel(FR.people, { exact: true })).toHaveValue('140');
  await plain.getByLabel(FR.people, { exact: true }).fill('152');
  await plain.getByLabel(FR.approximate).check();
  await plain.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(plain.getByRole('status')).toHaveText('Incident enregistré.');
  await expect(plain.getByLabel(FR.people, { exact: true })).toHaveValue('152');
  await noScript.close();

  const created = await auditEntries('incident.created', id);
  expect(created).toHaveLength(1);
  expect(created[0]!.details.after).toMatchObject({ description, peopleConcerned: 140, seriousRisk: false });
  const updated = await auditEntries('incident.updated', id);
  expect(updated.map((entry) => entry.details)).toEqual([{ incidentId: id, before: { peopleConcerned: 140, peopleApproximate: false }, after: { peopleConcerned: 152, peopleApproximate: true } }]);
  expect(updated[0]!.actor).toBe(created[0]!.actor);

  await signIn(page, 'admin@example.org');
  await page.goto('/fr/admin/incidents');
  const row = page.getByRole('row').filter({ hasText: description });
  await expect(row).toContainText('environ 152');
  await expect(row).toContainText('2026-11-04');
  await expectAxeClean(page);
  await page.goto(`/fr/admin/incidents/${id}`);
  await expectAxeClean(page);
  await page.goto('/fr/admin/audit');
  // The log reads in plain words: the action translated, the change as fields (before: 140 people).
  const edit = page.getByRole('row').filter({ hasText: 'Incident modifié' }).filter({ hasText: 'peopleConcerned' });
  await expect(edit).toContainText('140');

  const csv = await page.request.get('/fr/admin/incidents.csv');
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
  expect(csv.headers()['content-disposition']).toMatch(/^attachment; filename="incident-register-\d{4}-\d{2}-\d{2}\.csv"$/);
  const lines = (await csv.text()).split('\r\n');
  expect(lines[0]).toMatch(/^id,occurred_on,occurred_until,discovered_on,description,/);
  expect(lines.find((line) => line.startsWith(`${id},`))).toBe(
    `${id},2026-11-02,,2026-11-04,${description},Noms et adresses courriel,152,yes,Faible : aucun renseignement de santé,Courriels non sollicités,Faible : la personne a supprimé le message,no,Suppression confirmée par écrit.,,,Aucun risque de préjudice sérieux,${lines.find((line) => line.startsWith(`${id},`))!.split(',').slice(-2).join(',')}`,
  );
  const client = await serverDatabase();
  try {
    const { rows } = await client.execute("SELECT count(*) AS n FROM audit_log WHERE action = 'incident.register-exported'");
    expect(Number(rows[0]!.n)).toBeGreaterThan(0);
  } finally {
    client.close();
  }
});

test('an administrator records an incident in English; a serious risk needs the notices or a reason', async ({ page }) => {
  await signIn(page, 'admin@example.org');
  await page.goto('/en/admin/incidents');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Confidentiality incident register');
  await page.getByRole('link', { name: 'Record an incident' }).click();
  const description = `A laptop holding the renewal export was stolen (${Date.now()})`;
  await page.getByLabel(EN.occurredOn, { exact: true }).fill('2026-10-20');
  await page.getByLabel(EN.discoveredOn, { exact: true }).fill('2026-10-21');
  await page.getByLabel(EN.description, { exact: true }).fill(description);
  await page.getByLabel(EN.information, { exact: true }).fill('Names, email addresses, renewal dates');
  await page.getByLabel(EN.sensitivity, { exact: true }).fill('Moderate');
  await page.getByLabel(EN.consequences, { exact: true }).fill('Phishing');
  await page.getByLabel(EN.likelihood, { exact: true }).fill('Medium: the disk was not encrypted');
  await page.getByRole('radio', { name: 'Yes' }).check();
  await page.getByLabel(EN.measures, { exact: true }).fill('Sessions revoked; members warned.');
  await page.getByLabel(EN.commission, { exact: true }).fill('2026-10-22');
  await page.getByRole('button', { name: 'Save' }).click();

  // The Commission was notified, the people not yet: the register must say why.
  await expect(page.getByRole('alert')).toContainText('The risk is serious: say why a notice was not sent.');
  await expect(page.getByLabel(EN.reason, { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel(EN.description, { exact: true })).toHaveValue(description);
  await expectAxeClean(page);
  await page.getByLabel(EN.reason, { exact: true }).fill('People are being identified; notice planned within the week.');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(/\/en\/admin\/incidents\/\d+\?saved=1$/);
  await expect(page.getByRole('status')).toHaveText('Incident saved.');
  const id = incidentIdFrom(page);
  await expectAxeClean(page);

  await page.getByLabel('Date the people concerned were notified', { exact: true }).fill('2026-10-25');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText('Incident saved.');
  const updated = await auditEntries('incident.updated', id);
  expect(updated.map((entry) => entry.details)).toEqual([{ incidentId: id, before: { peopleNotifiedOn: null }, after: { peopleNotifiedOn: '2026-10-25' } }]);

  await page.goto('/en/admin/incidents');
  const row = page.getByRole('row').filter({ hasText: description });
  await expect(row).toContainText('Yes');
  await expect(row).toContainText('Commission: 2026-10-22');
  await expect(row).toContainText('People: 2026-10-25');
  await expect(row).toContainText('unknown');
  const csv = await (await page.request.get('/en/admin/incidents.csv')).text();
  expect(csv).toContain(`${id},2026-10-20,,2026-10-21,${description},"Names, email addresses, renewal dates",,no,Moderate,Phishing,Medium: the disk was not encrypted,yes,Sessions revoked; members warned.,2026-10-22,2026-10-25,`);
});

test('admin pages warn until the assessment of communications outside Québec is recorded', async ({ page }) => {
  await signIn(page, 'admin@example.org');
  const client = await serverDatabase();
  try {
    await client.execute("DELETE FROM settings WHERE key = 'privacy.transfer-assessment'");
  } finally {
    client.close();
  }
  for (const path of ['/fr/admin', '/fr/admin/incidents', '/fr/admin/audit']) {
    await page.goto(path);
    await expect(page.getByTestId('transfer-assessment-warning'), path).toContainText('L’évaluation des communications de renseignements personnels hors Québec (art. 17) n’est pas consignée');
  }
  await page.goto('/en/admin/outbox');
  await expect(page.getByTestId('transfer-assessment-warning')).toContainText('The assessment of communications of personal information outside Québec (s. 17) is not recorded');
  await expectAxeClean(page);
  await page.getByRole('link', { name: 'Record the date of the assessment' }).click();
  await expect(page).toHaveURL(/\/en\/admin\/privacy$/);
  await expect(page.getByRole('heading', { level: 2, name: 'Retention periods' })).toBeVisible();
  await expect(page.getByRole('row', { name: /Confidentiality incident register/ })).toContainText('At least 5 years');
  await expectAxeClean(page);
  await page.getByLabel('Date of the assessment').fill('2026-11-30');
  await page.getByRole('button', { name: 'Save the date' }).click();
  await expect(page.getByRole('status')).toHaveText('Date of the assessment saved.');
  await expect(page.getByText('Assessment recorded: 2026-11-30.')).toBeVisible();
  await expect(page.getByTestId('transfer-assessment-warning')).toHaveCount(0);
  await page.goto('/fr/admin');
  await expect(page.getByTestId('transfer-assessment-warning')).toHaveCount(0);
  await page.goto('/fr/admin/privacy');
  await expect(page.getByText('Évaluation consignée\u202f: 2026-11-30.')).toBeVisible();
  await expectAxeClean(page);
});

test('the privacy page states the retention periods and processors the server applies, in both languages', async ({ page }) => {
  await page.goto('/fr/confidentialite');
  const fr = page.getByRole('table');
  await expect(fr.getByRole('row', { name: /Registre des incidents de confidentialité/ })).toContainText('5 ans au moins');
  await expect(fr.getByRole('row', { name: /Codes et liens de connexion/ })).toContainText('15 minutes');
  await expect(fr.getByRole('row', { name: /Texte des courriels envoyés/ })).toContainText('30 jours après l’envoi');
  await expect(page.getByText('Conversations\u202f: Mattermost accueille nos conversations actuelles.')).toContainText('Lieu\u202f: le serveur de la communauté.');
  await expect(page.locator('article')).not.toContainText('{{');
  await expectAxeClean(page);
  await page.goto('/en/privacy');
  await expect(page.getByRole('table').getByRole('row', { name: /Disabled member account/ })).toContainText('Deleted 1 year after it was disabled');
  await expect(page.locator('article')).not.toContainText('anonymi');
  await expectAxeClean(page);
});
