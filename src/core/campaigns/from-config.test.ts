import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { peekRenewalLink } from '../accounts/renewal-links.ts';
import { loadConfig } from '../config.ts';
import { auditLog, members } from '../db/schema/accounts.ts';
import { mailMessages } from '../db/schema/mail.ts';
import { saveDeliverabilityReport } from '../mail/deliverability/store.ts';
import { createCampaign } from './campaigns.ts';
import { createCampaignServices } from './from-config.ts';
import { startDnsStandIn, type DnsStandIn } from '../../../tests/stand-ins/dns.ts';
import { captureLog } from '../../../tests/support/capture-log.ts';
import { addInvitedMembers, CAMPAIGN_TEXT } from '../../../tests/support/campaign-fixtures.ts';
import { openTempDatabase } from '../../../tests/support/temp-database.ts';
import { PRODUCTION_ENV } from '../../../tests/support/production-env.ts';

describe('campaign services from the configuration', () => {
  let dns: DnsStandIn;
  let database: Awaited<ReturnType<typeof openTempDatabase>>;
  let services: ReturnType<typeof createCampaignServices>;
  const captured = captureLog();

  beforeAll(async () => {
    dns = await startDnsStandIn({
      'cegep.test': [{ type: 'MX', data: { preference: 0, exchange: 'cegep-test.mail.protection.outlook.com' } }],
      'college.test': [{ type: 'MX', data: { preference: 0, exchange: 'college-test.mail.protection.outlook.com' } }],
      'ulaval.test': [{ type: 'MX', data: { preference: 10, exchange: 'mx1.ulaval.test' } }],
      'asso.test': [{ type: 'MX', data: { preference: 10, exchange: 'mx.hebergeur.test' } }],
      'autre-asso.test': [{ type: 'MX', data: { preference: 10, exchange: 'mx2.hebergeur.test' } }],
      'broken.test': 'servfail',
    });
  });
  afterAll(() => dns.close());
  beforeEach(async () => {
    database = await openTempDatabase();
    const config = loadConfig({ ...PRODUCTION_ENV, DATA_DIR: path.dirname(database.file), DNS_SERVERS: dns.server, DNS_TIMEOUT_MS: '300', DNS_TRIES: '1' }, { demo: false });
    services = createCampaignServices(config, database, captured.log);
  });
  afterEach(() => {
    services.close();
    database.dispose();
  });

  it('gives each member an absolute renewal link, from PUBLIC_URL, that opens their renewal', async () => {
    const [id] = await addInvitedMembers(database.db, 1, { locale: () => 'en' });
    const link = await services.renewalLinkFor(id!);
    expect(link).toMatch(/^https:\/\/portail\.example\.org\/en\/[^?]+\?token=/);
    const token = decodeURIComponent(new URL(link).searchParams.get('token')!);
    expect((await peekRenewalLink(database.db, token))?.id).toBe(id);
  });

  it('issues a whole batch of links in one go: each opens its own member’s renewal, and replaces the link sent before', async () => {
    const ids = await addInvitedMembers(database.db, 3);
    const before = await services.renewalLinkFor(ids[0]!);
    await database.db.update(members).set({ status: 'disabled' }).where(eq(members.id, ids[2]!));
    const links = await services.renewalLinksFor([...ids, 'nobody']);
    expect([...links.keys()].sort()).toEqual([ids[0], ids[1]]);
    for (const id of [ids[0]!, ids[1]!]) {
      const token = decodeURIComponent(new URL(links.get(id)!).searchParams.get('token')!);
      expect(links.get(id)).toMatch(id === ids[0] ? /^https:\/\/portail\.example\.org\/en\/renewal\?/ : /^https:\/\/portail\.example\.org\/fr\//);
      expect((await peekRenewalLink(database.db, token))?.id).toBe(id);
    }
    expect(await peekRenewalLink(database.db, decodeURIComponent(new URL(before).searchParams.get('token')!))).toBeUndefined();
  });

  it('groups domains by who receives their mail: one provider, one organisation; a failed look-up stands alone', async () => {
    expect(await services.organisationOf('cegep.test')).toBe(await services.organisationOf('college.test'));
    expect(await services.organisationOf('asso.test')).toBe('hebergeur.test');
    expect(await services.organisationOf('autre-asso.test')).toBe('hebergeur.test');
    expect(await services.organisationOf('ulaval.test')).toBe('ulaval.test');
    expect(await services.organisationOf('broken.test')).toBe('broken.test');
  });

  it('reads the latest deliverability verdict', async () => {
    expect(await services.verdict()).toBeNull();
    await saveDeliverabilityReport(database.db, failingReport(), 'cli');
    expect(await services.verdict()).toMatchObject({ passed: false, failing: ['dkim'] });
  });

  it('mails every active administrator, in their language, that a campaign paused itself, and audits it', async () => {
    const now = new Date('2026-11-20T12:00:00Z');
    await database.db.insert(members).values([
      { id: 'a1', email: 'admin-fr@example.org', name: 'A', locale: 'fr', role: 'admin', status: 'active', createdAt: now, updatedAt: now },
      { id: 'a2', email: 'admin-en@example.org', name: 'B', locale: 'en', role: 'admin', status: 'active', createdAt: now, updatedAt: now },
      { id: 'a3', email: 'ancien@example.org', name: 'C', locale: 'fr', role: 'admin', status: 'disabled', createdAt: now, updatedAt: now },
      { id: 'm1', email: 'membre@example.org', name: 'D', locale: 'fr', role: 'member', status: 'active', createdAt: now, updatedAt: now },
    ]);
    const campaign = await createCampaign(database.db, 'cli', { ...CAMPAIGN_TEXT, name: 'Renouvellement <2026>' });
    await services.notifyAdmins(campaign, 'hard bounces 3.1% over 64 messages (more than 2%)');
    const sent = await database.db.select().from(mailMessages).where(eq(mailMessages.template, 'campaign-paused'));
    expect(sent.map((mail) => mail.recipient).sort()).toEqual(['admin-en@example.org', 'admin-fr@example.org']);
    const english = sent.find((mail) => mail.locale === 'en')!;
    expect(english.subject).toBe('The campaign “Renouvellement <2026>” paused itself');
    expect(english.textBody).toContain('hard bounces 3.1% over 64 messages');
    expect(english.htmlBody).toContain('Renouvellement &lt;2026&gt;');
    expect(sent.find((mail) => mail.locale === 'fr')!.subject).toContain('s’est mise en pause');
    const [audit] = await database.db.select().from(auditLog).where(eq(auditLog.action, 'campaign.admins-notified'));
    expect(JSON.parse(audit!.details!)).toMatchObject({ campaignId: campaign.id, administrators: 2, failed: 0 });
  });
});

function failingReport() {
  return {
    domain: 'example.org',
    checkedAt: new Date('2026-11-19T12:00:00Z'),
    checks: [{ id: 'dkim', status: 'fail' }],
    recipients: [],
    outOfTime: false,
  } as never;
}
