import { expect, test } from '@playwright/test';
import { clientAddress } from './support/accounts.ts';
import { expectAxeClean } from './support/axe.ts';
import { MAIL_URL, POSTMARK_TOKEN, signInOnMailServer, waitFor } from './support/mail-server.ts';

/**
 * A real start from the admin page, on the server whose mail goes through
 * Postmark (the stand-in): the start is refused while the deliverability check
 * fails, the administrator overrides it with a reason (the audit log shows
 * it), the server's own sender hands the first wave to the stand-in, and the
 * campaign pauses and resumes from the page, in both languages.
 *
 * Its members are invited by no other test on that server (the rescue test
 * invites Élise, François and Mathieu).
 */
const AUDIENCE = ['jean-luc.gagnon@example.org', 'zoe.bergeron@example.com', 'maya.okafor@example.com'];
const ADMIN = 'admin@example.org';
const OVERRIDE = 'Browser test: the domain is checked against a stand-in only';
const POSTMARK_API = `http://127.0.0.1:${process.env.E2E_POSTMARK_PORT ?? 7391}`;

test.setTimeout(240_000);

test.beforeEach(async ({ page }, testInfo) => {
  await page.setExtraHTTPHeaders({ 'x-forwarded-for': clientAddress(testInfo.title) });
});

/** What Postmark (the stand-in) holds for a campaign, read through its Outbound Messages API as an operator would. */
async function messagesAtPostmark(campaignId: string): Promise<{ to: string; memberId: string; stream: string }[]> {
  const answer = await fetch(`${POSTMARK_API}/messages/outbound?count=500&offset=0&metadata_campaign_id=${encodeURIComponent(campaignId)}`, {
    headers: { accept: 'application/json', 'x-postmark-server-token': POSTMARK_TOKEN() },
  });
  expect(answer.status).toBe(200);
  const body = (await answer.json()) as { Messages: { Recipients: string[]; Metadata: Record<string, string>; MessageStream: string }[] };
  return body.Messages.map((message) => ({ to: message.Recipients[0]!, memberId: message.Metadata.member_id!, stream: message.MessageStream }));
}

test('an administrator starts a campaign past a failing deliverability check with a reason, the first wave reaches Postmark, and it pauses and resumes', async ({ page }) => {
  await signInOnMailServer(page, ADMIN);
  await page.goto(`${MAIL_URL}/fr/admin/campagnes`);
  await page.getByLabel('Nom', { exact: true }).fill('Démarrage réel e2e');
  await page.getByLabel('Une liste d’adresses (CSV)').check();
  await page.getByLabel('Adresses collées').fill(`email\n${AUDIENCE.join('\n')}\n`);
  const french = page.getByRole('group', { name: 'Message en français' });
  await french.getByLabel('Objet').fill('Renouvelez votre accès, {{name}}');
  await french.getByLabel('Message').fill('Bonjour {{name}},\n\nVotre lien personnel : {{link}}');
  const english = page.getByRole('group', { name: 'Message en anglais' });
  await english.getByLabel('Objet').fill('Renew your access, {{name}}');
  await english.getByLabel('Message').fill('Hello {{name}},\n\n[Renew now]({{link}})');
  await page.getByLabel(/^Première vague/).fill('2');
  await page.getByRole('button', { name: 'Créer le brouillon' }).click();
  await expect(page).toHaveURL(/\/fr\/admin\/campagnes\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').pop()!;
  // The draft's plan: two today, the third the next day.
  const schedule = page.getByRole('region', { name: 'Calendrier' });
  await expect(schedule.getByText(/\(3 membres en tout\)/)).toBeVisible();

  // No check has passed on this server: the page says so, and a start without an override is refused.
  const sending = page.getByRole('region', { name: 'Envoi' });
  await expect(sending.getByText(/le démarrage est refusé sauf passage outre/)).toBeVisible();
  await page.getByRole('button', { name: 'Démarrer la campagne' }).click();
  await expect(page.getByRole('alert')).toContainText('La vérification de délivrabilité échoue');
  await expect(page.getByText('Brouillon', { exact: true })).toBeVisible();
  // The override needs its reason.
  await page.getByLabel('Je démarre malgré l’échec de la vérification de délivrabilité').check();
  await page.getByRole('button', { name: 'Démarrer la campagne' }).click();
  await expect(page.getByText('Pour passer outre, donnez la raison')).toBeVisible();
  await expect(page.getByText('Brouillon', { exact: true })).toBeVisible();
  expect(await messagesAtPostmark(id)).toEqual([]);
  await expectAxeClean(page);

  await page.getByLabel('Je démarre malgré l’échec de la vérification de délivrabilité').check();
  await page.getByLabel('Raison (inscrite au journal d’audit)').fill(OVERRIDE);
  await page.getByRole('button', { name: 'Démarrer la campagne' }).click();
  await expect(page.getByRole('status')).toContainText('Campagne démarrée');
  await expect(page.getByText('En cours', { exact: true })).toBeVisible();
  await expect(page.getByText(OVERRIDE)).toBeVisible();

  // The server's sender hands the first wave to Postmark on its next round; the third member waits for tomorrow.
  await waitFor(async ({ client }) => {
    const { rows } = await client.execute({ sql: "SELECT count(*) AS n FROM campaign_recipients WHERE campaign_id = ? AND state = 'sent'", args: [id] });
    return Number(rows[0]!.n) === 2 ? true : undefined;
  }, 'the first wave to be sent');
  const received = await messagesAtPostmark(id);
  expect(received).toHaveLength(2);
  expect(received.every((message) => AUDIENCE.includes(message.to) && message.stream === 'broadcast')).toBe(true);
  expect(new Set(received.map((message) => message.memberId)).size).toBe(2);

  // The audit log shows the override and its reason, in plain words.
  await page.goto(`${MAIL_URL}/en/admin/audit`);
  const overridden = page.locator('tbody tr').filter({ hasText: 'Campaign started despite deliverability' });
  await expect(overridden.first()).toContainText(OVERRIDE);
  await expectAxeClean(page);

  // Pause in English, resume in French: each with its reason; nothing more leaves while paused.
  await page.goto(`${MAIL_URL}/en/admin/campaigns/${id}`);
  await page.getByLabel(/Why pause/).fill('Waiting for the first bounces');
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByRole('status')).toContainText('Campaign paused');
  await expectAxeClean(page);
  await page.goto(`${MAIL_URL}/fr/admin/campagnes/${id}`);
  await expect(page.getByText('En pause', { exact: true })).toBeVisible();
  await page.getByLabel(/Pourquoi reprendre/).fill('Aucun rebond : on continue');
  await page.getByRole('button', { name: 'Reprendre la campagne' }).click();
  await expect(page.getByRole('status')).toContainText('Campagne reprise.');
  await expect(page.getByText('En cours', { exact: true })).toBeVisible();
  expect(await messagesAtPostmark(id)).toHaveLength(2);
  await waitFor(async ({ client }) => {
    const { rows } = await client.execute({
      sql: "SELECT group_concat(action) AS actions FROM (SELECT action FROM audit_log WHERE json_extract(details, '$.campaignId') = ? AND action IN ('campaign.paused', 'campaign.resumed') ORDER BY id)",
      args: [id],
    });
    return rows[0]!.actions === 'campaign.paused,campaign.resumed' ? true : undefined;
  }, 'the pause and the resume in the audit log', 5_000);
});
