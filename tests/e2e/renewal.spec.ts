import { expect, test } from '@playwright/test';
import { signIn } from './support/accounts.ts';
import { expectAxeClean } from './support/axe.ts';

const GENERAL = 'C04A2GNRL7Q';

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
  await expect(tab.getByText('Votre mot de passe Mattermost se choisit directement dans Mattermost.')).toBeVisible();
  await expectAxeClean(tab);
  await tab.getByLabel('Inclure mes messages dans la recherche').check();
  await tab.getByRole('button', { name: 'Renouveler mon accès' }).click();

  await expect(tab).toHaveURL(/\/fr\/renouvellement\?result=direct$/);
  await expect(tab.getByText('Merci ! Votre accès est renouvelé.')).toBeVisible();
  await expect(tab.locator('.notice')).toHaveText('Votre mot de passe Mattermost se choisit directement dans Mattermost.');
  await expectAxeClean(tab);

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
