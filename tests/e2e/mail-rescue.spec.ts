import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { basicAuthorization, bounceHook, deliveryHook, HOOK_PASSWORD, HOOK_USER } from '../../bench/postmark-webhook-bodies.ts';
import { clientAddress, serverDatabase, signIn } from './support/accounts.ts';
import { expectAxeClean } from './support/axe.ts';
import { MAIL_URL, mailServerDatabase, POSTMARK_TOKEN, runCli, signInOnMailServer, tempFile, waitFor } from './support/mail-server.ts';

/**
 * The rescue path end to end, on the server whose mail goes through Postmark
 * (the stand-in): a campaign invites three members; one invitation is
 * delivered, one bounces, one is never heard of again (the Exchange case). The
 * stuck view shows them, an administrator reads the silent one back, renews
 * that member on their behalf with a reason, and the audit log holds each step.
 *
 * Delivery events arrive as Postmark sends them: webhooks posted to the
 * server's /hooks/postmark with the configured credentials.
 */
const DELIVERED = 'elise.cote@example.org';
const BOUNCED = 'francois.nguyen@example.org';
const SILENT = 'mathieu.leblanc@example.org';
const ADMIN = 'admin@example.org';
const REASON = 'Member phoned: their university quarantines our mail';
const DAY = 86_400_000;

test.describe.configure({ mode: 'serial' });
test.setTimeout(240_000);

interface Sent {
  memberId: string;
  email: string;
  messageId: string;
}
let sent: Record<string, Sent>;
let adminId: string;

async function axeCleanOutsideTheMessage(page: Page): Promise<void> {
  // The member's message is shown as sent, in a frame that runs nothing: the page around it is what we answer for.
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).exclude('iframe.read-back').analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
}

test.beforeAll(async () => {
  // The demo server has seeded its members by the time it answers /healthz.
  const fr = tempFile('fr.md', 'Renouvelez votre accès\n\nBonjour {{name}}, votre lien : {{link}}\n');
  const en = tempFile('en.md', 'Renew your access\n\nHello {{name}}, your link: {{link}}\n');
  const csv = tempFile('audience.csv', `email\n${DELIVERED}\n${BOUNCED}\n${SILENT}\n`);
  const created = runCli('campaign', 'create', '--name', 'Renouvellement e2e', '--fr', fr, '--en', en, '--csv', csv, '--reminder-after-days', 'none');
  const id = /created (\S+) \(draft\)/.exec(created)![1]!;
  runCli('campaign', 'start', id, '--override', 'browser tests: no deliverability check against a stand-in');
  // The server's own sender hands the invitations to Postmark (the stand-in) on its next round.
  const rows = await waitFor(async ({ client }) => {
    const { rows } = await client.execute({ sql: "SELECT member_id, email, provider_message_id FROM campaign_recipients WHERE campaign_id = ? AND state = 'sent' AND provider_message_id IS NOT NULL", args: [id] });
    return rows.length === 3 ? rows : undefined;
  }, 'the campaign to be sent');
  sent = Object.fromEntries(rows.map((row) => [String(row.email), { memberId: String(row.member_id), email: String(row.email), messageId: String(row.provider_message_id) }]));

  const database = await mailServerDatabase();
  try {
    adminId = String((await database.client.execute({ sql: 'SELECT id FROM members WHERE email = ?', args: [ADMIN] })).rows[0]!.id);
    const now = Date.now();
    const metadataOf = (email: string) => ({ campaign_id: id, member_id: sent[email]!.memberId, step: 'invite' });
    for (const hook of [
      deliveryHook(sent[DELIVERED]!.messageId, DELIVERED, { at: new Date(now).toISOString(), details: 'smtp;250 2.0.0 OK mx1.example.org', metadata: metadataOf(DELIVERED) }),
      bounceHook(9001, sent[BOUNCED]!.messageId, BOUNCED, { at: new Date(now).toISOString(), metadata: metadataOf(BOUNCED) }),
    ]) {
      const answer = await fetch(`${MAIL_URL}/hooks/postmark`, {
        method: 'POST',
        headers: { authorization: basicAuthorization(HOOK_USER, HOOK_PASSWORD), 'content-type': 'application/json' },
        body: JSON.stringify(hook),
      });
      expect(answer.status, `webhook ${hook.RecordType}`).toBe(200);
    }
    // The silent one left three days ago and nothing came back.
    await database.client.execute({ sql: 'UPDATE campaign_recipients SET sent_at = ?, sending_at = ? WHERE member_id = ?', args: [now - 3 * DAY, now - 3 * DAY, sent[SILENT]!.memberId] });
    await database.client.execute({ sql: 'UPDATE members SET renewal_invited_at = ? WHERE id = ?', args: [now - 3 * DAY, sent[SILENT]!.memberId] });
  } finally {
    database.close();
  }
});

test('the stuck view puts the bounced member first, then the silent one, in both languages', async ({ page }) => {
  await signInOnMailServer(page, ADMIN);
  await page.goto(`${MAIL_URL}/fr/admin/bloques`);
  await expect(page.getByRole('heading', { level: 1, name: 'Membres bloqués' })).toBeVisible();
  const rows = page.locator('tbody tr');
  const order = await rows.evaluateAll((found) => found.map((row) => row.textContent ?? ''));
  const position = (email: string) => order.findIndex((text) => text.includes(email));
  expect(position(BOUNCED)).toBeGreaterThanOrEqual(0);
  expect(position(BOUNCED)).toBeLessThan(position(SILENT));
  expect(position(SILENT)).toBeLessThan(position(DELIVERED));
  await expect(rows.filter({ hasText: BOUNCED })).toContainText('Refusé par le destinataire');
  await expect(rows.filter({ hasText: BOUNCED })).toContainText('HardBounce');
  await expect(rows.filter({ hasText: SILENT })).toContainText('Probablement en quarantaine');
  await expect(rows.filter({ hasText: DELIVERED })).toContainText('Livré');
  await expectAxeClean(page);
  await page.goto(`${MAIL_URL}/en/admin/stuck`);
  await expect(page.locator('tbody tr').filter({ hasText: SILENT })).toContainText('Probably quarantined');
  await expectAxeClean(page);
});

test("the member's timeline shows each event, and the silent invitation as probably quarantined", async ({ page }) => {
  await signInOnMailServer(page, ADMIN);
  await page.goto(`${MAIL_URL}/en/admin/members/${sent[BOUNCED]!.memberId}/mail`);
  await expect(page.locator('.timeline-message').first()).toContainText('Bounced · HardBounce · smtp;550 5.1.1');
  await page.goto(`${MAIL_URL}/fr/admin/members/${sent[DELIVERED]!.memberId}/mail`);
  await expect(page.locator('.timeline-message').first()).toContainText('Livré · smtp;250 2.0.0 OK mx1.example.org');
  await expectAxeClean(page);
  await page.goto(`${MAIL_URL}/en/admin/members/${sent[SILENT]!.memberId}/mail`);
  await expect(page.locator('.timeline-message').first()).toContainText('Probably quarantined');
  await expectAxeClean(page);
});

test('an administrator reads the silent invitation back, then renews the member on their behalf; the audit log shows both', async ({ page }) => {
  await signInOnMailServer(page, ADMIN);
  const silentPage = `${MAIL_URL}/en/admin/members/${sent[SILENT]!.memberId}/mail`;
  await page.goto(silentPage);

  const invitation = page.locator('.timeline-message').first();
  await invitation.getByLabel('Reason (required, recorded in the log)').fill(REASON);
  await invitation.getByRole('button', { name: 'Read this message back' }).click();
  await expect(page.getByRole('heading', { name: 'The message as it was sent' })).toBeVisible();
  const frame = page.locator('iframe.read-back');
  await expect(frame).toHaveAttribute('sandbox', '');
  expect(await frame.getAttribute('srcdoc')).toMatch(/\/(renouvellement|renewal)\?token=/);
  await expect(page.locator('pre.mail-body')).toContainText(/\/(renouvellement|renewal)\?token=/);
  // The server token that can read every sent link never reaches the browser.
  expect(await page.content()).not.toContain(POSTMARK_TOKEN());
  await axeCleanOutsideTheMessage(page);

  // Without a reason the server refuses, whatever the browser lets through.
  const refused = await page.request.post(silentPage, { form: { intent: 'renew', reason: '' }, headers: { origin: MAIL_URL }, maxRedirects: 0 });
  expect(refused.status()).toBe(400);

  await page.goto(silentPage);
  await page.locator('#reason-renew').fill(REASON);
  await page.getByRole('button', { name: "Renew on the member's behalf" }).click();
  await expect(page).toHaveURL(/done=renewed/);
  await expect(page.getByRole('status')).toContainText('The member is renewed on their behalf.');
  await expect(page.getByText('This member has already renewed.')).toBeVisible();
  await expectAxeClean(page);

  await page.goto(`${MAIL_URL}/en/admin/stuck`);
  await expect(page.locator('tbody tr').filter({ hasText: SILENT })).toHaveCount(0);

  await page.goto(`${MAIL_URL}/en/admin/audit`);
  const rows = page.locator('tbody tr');
  const readBack = rows.filter({ hasText: 'Mail read back from Postmark' });
  await expect(readBack).toContainText(REASON);
  await expect(readBack).toContainText(sent[SILENT]!.messageId);
  // Who (the administrator) and whom (the member), as the log shows them: each a link to their page.
  const renewal = rows.filter({ hasText: 'Renewed on the member’s behalf' });
  await expect(renewal).toContainText(REASON);
  await expect(renewal.locator(`a[href$="/admin/members/${adminId}"]`)).toHaveCount(1);
  await expect(renewal.locator(`a[href$="/admin/members/${sent[SILENT]!.memberId}"]`)).toHaveCount(1);
});

test('without Postmark (the demo outbox) the pages work and say the read-back needs Postmark', async ({ page }, testInfo) => {
  await page.setExtraHTTPHeaders({ 'x-forwarded-for': clientAddress(testInfo.title) });
  await signIn(page, ADMIN);
  const database = await serverDatabase();
  let memberId: string;
  try {
    memberId = String((await database.execute({ sql: 'SELECT id FROM members WHERE email = ?', args: ['claire.dubois@example.net'] })).rows[0]!.id);
  } finally {
    database.close();
  }
  for (const locale of ['fr', 'en'] as const) {
    await page.goto(`/${locale}/admin/members/${memberId}/mail`);
    await expect(page.getByText(locale === 'fr' ? 'Relire un courriel envoyé et réactiver une adresse demandent Postmark' : 'Reading a sent message back and reactivating an address need Postmark')).toBeVisible();
    await expect(page.getByRole('button', { name: locale === 'fr' ? 'Relire ce courriel' : 'Read this message back' })).toHaveCount(0);
    await expectAxeClean(page);
  }
  await page.goto('/fr/admin/bloques');
  await expect(page.getByRole('heading', { level: 1, name: 'Membres bloqués' })).toBeVisible();
});
