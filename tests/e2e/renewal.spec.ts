import { expect, test, type Browser, type Page } from '@playwright/test';
import { serverDatabase, signIn } from './support/accounts.ts';
import { expectAxeClean } from './support/axe.ts';

const GENERAL = 'C04A2GNRL7Q';
const MATTERMOST = process.env.E2E_MATTERMOST_URL!;

/** Asks the Mattermost stand-in behind the portal (its /__stand-in/ routes; see tests/stand-ins/mattermost-server.ts). */
async function standIn(route: string, body?: unknown): Promise<any> {
  const response = await fetch(`${MATTERMOST}/__stand-in/${route}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.ok).toBe(true);
  return response.json();
}

/** An administrator adds a member and hands them a renewal link, as for someone whose invitation never arrived. */
async function newMemberWithRenewalLink(page: Page, email: string): Promise<string> {
  await signIn(page, 'admin@example.org');
  await page.goto('/fr/admin');
  await page.locator('#new-email').fill(email);
  await page.getByRole('button', { name: 'Ajouter', exact: true }).click();
  await page.getByRole('button', { name: 'Créer un lien de renouvellement' }).click();
  return (await page.locator('.notice code').textContent())!.trim();
}

/** The member's side: the link, the button, the form with a Mattermost password. */
async function renewWithPassword(browser: Browser, link: string, password: string): Promise<{ tab: Page; close: () => Promise<void> }> {
  const context = await browser.newContext();
  const tab = await context.newPage();
  await tab.goto(link);
  await tab.getByRole('button', { name: 'Commencer mon renouvellement' }).click();
  await tab.getByLabel('Nom', { exact: true }).fill('Nouveau Membre');
  await tab.getByLabel('Choisir mon mot de passe Mattermost maintenant').check();
  await tab.getByLabel('Nouveau mot de passe Mattermost').fill(password);
  await tab.getByRole('button', { name: 'Renouveler mon accès' }).click();
  return { tab, close: () => context.close() };
}

/** An administrator creates the link, as for a member whose invitation never arrived; the member follows it in their own browser. */
test('a renewal link leads to a button, the form, and a renewed member; it works once; the choices show on the archive', async ({ page, browser }) => {
  await signIn(page, 'admin@example.org');
  await page.goto('/fr/admin?q=mathieu.leblanc');
  await page.getByRole('link', { name: 'mathieu.leblanc@example.org' }).click();
  await page.getByRole('button', { name: 'Créer un lien de renouvellement' }).click();
  const link = (await page.locator('.notice code').textContent())!.trim();
  expect(link).toMatch(/^http:\/\/localhost:\d+\/fr\/renouvellement\?token=[A-Za-z0-9_-]{27}$/);

  const member = await browser.newContext();
  const tab = await member.newPage();
  await tab.goto(link);
  await expect(tab.getByText(/Cette invitation à renouveler votre accès est pour .*\(mathieu\.leblanc@example\.org\)/)).toBeVisible();
  await expectAxeClean(tab);
  // Opening it again (as a mail scanner would) consumes nothing.
  await tab.reload();
  await tab.getByRole('button', { name: 'Commencer mon renouvellement' }).click();

  await expect(tab).toHaveURL(/\/fr\/renouvellement$/);
  await expect(tab.getByRole('group', { name: 'Vos choix' })).toBeVisible();
  await expect(tab.getByLabel('Afficher mon nom sur mes messages archivés')).not.toBeChecked();
  await expect(tab.getByLabel('Inclure mes messages dans la recherche')).not.toBeChecked();
  await expect(tab.getByLabel('Recevoir les nouvelles de la communauté par courriel')).not.toBeChecked();
  await expect(tab.getByLabel('Recevoir les courriels nécessaires à mon compte')).toBeChecked();
  await expect(tab.getByLabel('Nouveau mot de passe Mattermost')).toHaveAttribute('autocomplete', 'new-password');
  await expectAxeClean(tab);
  await tab.getByLabel('Inclure mes messages dans la recherche').check();
  await tab.getByLabel('Choisir mon mot de passe Mattermost maintenant').check();
  await tab.getByLabel('Nouveau mot de passe Mattermost').fill('un-mot-de-passe-solide-7');
  await tab.getByRole('button', { name: 'Renouveler mon accès' }).click();

  await expect(tab).toHaveURL(/\/fr\/renouvellement\?result=done$/);
  await expect(tab.getByText('Merci ! Votre accès est renouvelé.')).toBeVisible();
  await expect(tab.locator('.notice')).toHaveText('Votre compte Mattermost est prêt.');
  await expectAxeClean(tab);
  // Mattermost holds his account, with the password he chose, in the team.
  expect(await standIn('password-check', { email: 'mathieu.leblanc@example.org', password: 'un-mot-de-passe-solide-7' })).toEqual({ exists: true, matches: true });
  const state = await standIn('state');
  expect(state.users.find((user: { email: string }) => user.email === 'mathieu.leblanc@example.org')).toMatchObject({ in_team: true, delete_at: 0 });
  expect(state.violations).toEqual([]);

  // Used: the same neutral page as a forged or expired link.
  const again = await browser.newContext();
  const second = await again.newPage();
  await second.goto(link);
  await expect(second.getByRole('alert')).toHaveText(/Ce lien de renouvellement ne fonctionne pas/);
  await expect(second.getByRole('button', { name: 'Commencer mon renouvellement' })).toHaveCount(0);
  await second.goto('/fr/renouvellement?token=forged');
  await expect(second.getByRole('alert')).toHaveText(/Ce lien de renouvellement ne fonctionne pas/);
  await again.close();

  // He declined showing his name: the archive shows his initials, until he changes his mind on his account page.
  await tab.goto(`/fr/archive/${GENERAL}?from=oldest`);
  const his = tab.locator('a.author[href$="/U04F5MLB6WD"]');
  await expect(his).not.toHaveCount(0);
  await expect(his.filter({ hasNotText: /^ML$/ })).toHaveCount(0);
  await tab.goto('/fr/compte');
  await expect(tab.getByText(/Accès renouvelé le/)).toBeVisible();
  await tab.getByLabel('Afficher mon nom sur mes messages archivés').check();
  await tab.getByRole('button', { name: 'Enregistrer mes choix' }).click();
  await expect(tab.getByRole('status')).toHaveText('Vos choix sont enregistrés.');
  await tab.goto(`/fr/archive/${GENERAL}?from=oldest`);
  await expect(his).not.toHaveCount(0);
  await expect(his.filter({ hasNotText: /Mathieu/ })).toHaveCount(0);
  await member.close();

  // The administrator sees him renewed, and can filter by it.
  await page.goto('/fr/admin?renewal=renewed');
  await expect(page.getByRole('row', { name: /mathieu\.leblanc@example\.org/ })).toContainText('Renouvelé le');
  await expect(page.getByRole('row', { name: /mathieu\.leblanc@example\.org/ })).toContainText('Créé');
  await page.goto('/fr/admin?renewal=not-invited&q=mathieu');
  await expect(page.getByRole('row', { name: /mathieu\.leblanc/ })).toHaveCount(0);
});

test('members who have not renewed find the way on their account page, and the renewal pages are accessible in English', async ({ page }) => {
  await signIn(page, 'claire.dubois@example.net');
  await page.goto('/en/account');
  await expectAxeClean(page);
  await page.getByRole('link', { name: 'Renew my access' }).click();
  await expect(page).toHaveURL(/\/en\/renewal$/);
  await expect(page.getByRole('group', { name: 'Your choices' })).toBeVisible();
  await expectAxeClean(page);
  await page.goto('/en/renewal?token=expired-or-forged');
  await expect(page.getByRole('alert')).toHaveText(/This renewal link does not work/);
  await expectAxeClean(page);
});

test('with Mattermost down, the renewal completes, says so, and the change waits in the administrators’ queue until retried', async ({ page, browser }) => {
  const email = 'panne.mattermost@example.org';
  const link = await newMemberWithRenewalLink(page, email);
  await standIn('fail-next', { failure: 'server-error', path: 'panne\\.mattermost', times: 1 });

  const { tab, close } = await renewWithPassword(browser, link, 'un-mot-de-passe-solide-8');
  await expect(tab).toHaveURL(/\/fr\/renouvellement\?result=queued-reset-mail$/);
  await expect(tab.getByText('Merci ! Votre accès est renouvelé.')).toBeVisible();
  await expect(tab.locator('.notice')).toHaveText(/Mattermost ne répond pas pour l’instant\. Votre renouvellement est fait\. Votre mot de passe n’a pas été conservé/);
  await expectAxeClean(tab);
  await close();
  expect(await standIn('password-check', { email, password: 'un-mot-de-passe-solide-8' })).toEqual({ exists: false, matches: false });

  // The administrator sees it waiting, and replays it: the password was never kept, so Mattermost's reset mail goes instead.
  await page.goto('/fr/admin');
  const queue = page.getByRole('region', { name: 'File d’attente Mattermost' });
  await expect(queue.getByRole('row', { name: new RegExp(email) })).toContainText('Mot de passe (deviendra le courriel de réinitialisation)');
  await expectAxeClean(page);
  const members = page.getByRole('table').first();
  await expect(members.getByRole('row', { name: new RegExp(email) })).toContainText(/Renouvelé le .*En attente \(échec\)/);
  await queue.getByRole('button', { name: 'Réessayer maintenant' }).click();
  await expect(queue.getByRole('status')).toHaveText(/Relance\s: 1 faits, 0 encore en attente/);
  await expect(queue.getByRole('row', { name: new RegExp(email) })).toHaveCount(0);
  await expect(members.getByRole('row', { name: new RegExp(email) })).toContainText('Créé');
  const state = await standIn('state');
  expect(state.users.find((user: { email: string }) => user.email === email)).toMatchObject({ in_team: true });
  expect(state.resetMails).toContain(email);
  expect(await standIn('password-check', { email, password: 'un-mot-de-passe-solide-8' })).toEqual({ exists: true, matches: false });

  const client = await serverDatabase();
  try {
    const { rows } = await client.execute("SELECT details FROM audit_log WHERE action = 'mattermost.retry-requested'");
    expect(rows.map((row) => JSON.parse(String(row.details)))).toContainEqual(expect.objectContaining({ done: 1 }));
  } finally {
    client.close();
  }
});

test('a password Mattermost refuses is shown back with its rule, and nothing is renewed', async ({ page, browser }) => {
  const email = 'mot.de.passe.court@example.org';
  const link = await newMemberWithRenewalLink(page, email);
  const { tab, close } = await renewWithPassword(browser, link, 'court');
  await expect(tab.getByRole('alert')).toHaveText(/Mattermost refuse ce mot de passe\s: il est trop court\. Vos autres réponses sont conservées/);
  await expect(tab.getByLabel('Nom', { exact: true })).toHaveValue('Nouveau Membre');
  await expect(tab.getByLabel('Nouveau mot de passe Mattermost')).toHaveValue('');
  await expectAxeClean(tab);
  await tab.goto('/fr/renouvellement');
  await expect(tab.getByRole('group', { name: 'Vos choix' })).toBeVisible();
  await close();
  expect(await standIn('password-check', { email, password: 'court' })).toEqual({ exists: false, matches: false });
  await page.goto(`/fr/admin?q=${email}`);
  await expect(page.getByRole('row', { name: new RegExp(email) })).toContainText('Invité le');
});
