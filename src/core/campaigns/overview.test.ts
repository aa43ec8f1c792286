import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mailMessages } from '../db/schema/mail.ts';
import { auditLog, members } from '../db/schema/accounts.ts';
import { campaignRecipients } from '../db/schema/campaigns.ts';
import { recordConsents } from '../accounts/consents.ts';
import { recordMailEvent } from '../mail/events/record-mail-event.ts';
import { createOutboxTransport } from '../mail/outbox-transport.ts';
import { createCampaign, getCampaign, previewPlan, startCampaign } from './campaigns.ts';
import { summarizeSchedule } from './warm-up-plan.ts';
import { campaignOverview, organisationsWithin } from './overview.ts';
import { previewCampaignParts } from './preview.ts';
import { sendCampaignTest } from './test-send.ts';
import { openTempDatabase } from '../../../tests/support/temp-database.ts';
import { addInvitedMembers, CAMPAIGN_TEXT, startedCampaign } from '../../../tests/support/campaign-fixtures.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const site = { publicUrl: 'https://portail.example.org/', communityName: 'Collectif' };

describe('what the campaign page reads', () => {
  let database: Awaited<ReturnType<typeof openTempDatabase>>;
  const now = new Date('2026-11-20T14:00:00Z');
  const passing = async () => ({ checkedAt: now, passed: true, failing: [] });
  beforeEach(async () => {
    database = await openTempDatabase();
  });
  afterEach(() => database.dispose());

  it('plans a draft as a start would: waves, their hours, and the day the last member is invited', async () => {
    await addInvitedMembers(database.db, 25, { domainOf: (index) => (index < 10 ? 'uni.example' : `org${index}.example`) });
    const draft = await createCampaign(database.db, 'cli', { ...CAMPAIGN_TEXT, firstWave: 5, growth: 2, dailyCap: 100, organisationHourlyCap: 2 }, now);
    const { schedule, progress } = await campaignOverview({ db: database.db, verdict: passing, organisationOf: async (domain) => domain }, draft, now);
    expect(schedule.source).toBe('preview');
    expect(schedule.days.map((day) => day.count)).toEqual([5, 10, 10]);
    expect(schedule.recipients).toBe(25);
    expect(schedule.lastAt!.getTime()).toBe(Math.max(...schedule.days.map((day) => day.lastAt.getTime())));
    expect(schedule.lastAt!.getTime()).toBeGreaterThanOrEqual(now.getTime() + 2 * DAY);
    expect(progress.total.total).toBe(0);
  });

  it('shows a draft the schedule its start writes, whoever the audience leaves out and whatever the order', async () => {
    const ids = await addInvitedMembers(database.db, 40, { domainOf: (index) => (index % 3 === 0 ? 'uni.example' : index % 3 === 1 ? 'accepted.example' : `org${index % 5}.example`) });
    // Recent sign-ins go first; a domain that already accepted our mail goes before them all.
    for (const [index, id] of ids.entries()) if (index % 4 !== 0) await database.db.update(members).set({ lastSignInAt: new Date(now.getTime() - index * HOUR) }).where(eq(members.id, id));
    await recordMailEvent(database.db, { id: 'delivered:1', kind: 'delivered', providerMessageId: 'pm-1', recipient: 'someone@accepted.example', stream: 'outbound', at: now });
    await database.db.update(members).set({ status: 'disabled' }).where(eq(members.id, ids[1]!));
    await database.db.update(members).set({ status: 'active', renewedAt: now }).where(eq(members.id, ids[2]!));
    await recordConsents(database.db, ids[3]!, { 'community-news': false }, 'account', now);
    await recordConsents(database.db, ids[5]!, { 'community-news': true }, 'account', now);
    const organisationOf = async (domain: string) => (domain.startsWith('org') ? 'one-exchange' : domain);
    const plan = { firstWave: 3, growth: 1.5, dailyCap: 9, organisationHourlyCap: 1 };
    for (const audience of [{}, { domains: ['uni.example', 'org1.example'] }, { emails: ['membre3@uni.example', 'membre4@accepted.example', 'membre9@uni.example'] }]) {
      const draft = await createCampaign(database.db, 'cli', { ...CAMPAIGN_TEXT, ...plan, audience, reminderAfterDays: null }, now);
      const { schedule } = await campaignOverview({ db: database.db, verdict: passing, organisationOf }, draft, now);
      await startCampaign({ db: database.db, verdict: passing, organisationOf, now: () => now }, 'cli', draft.id);
      const rows = await database.db.select().from(campaignRecipients).where(eq(campaignRecipients.campaignId, draft.id));
      expect(rows.map((row) => row.memberId)).not.toContain(ids[3]);
      expect(rows.map((row) => row.memberId)).not.toContain(ids[1]);
      expect(rows.map((row) => row.memberId)).not.toContain(ids[2]);
      expect({ days: schedule.days, lastAt: schedule.lastAt, recipients: schedule.recipients }).toEqual({ ...summarizeSchedule(rows), recipients: rows.length });
    }
    // The same members, in the start's own order: the plan's first wave is the accepted domain's recent sign-ins.
    const first = await previewPlan(database.db, await createCampaign(database.db, 'cli', { ...CAMPAIGN_TEXT, ...plan }, now), organisationOf, now);
    expect(first.slice(0, 3).map((placed) => placed.recipient.email)).toEqual(['membre7@accepted.example', 'membre10@accepted.example', 'membre13@accepted.example']);
  });

  it('reads a started campaign’s schedule from its recipients', async () => {
    await addInvitedMembers(database.db, 12);
    const campaign = await startedCampaign(database.db, { firstWave: 4, growth: 2, dailyCap: 100, organisationHourlyCap: 100 }, now);
    const started = (await getCampaign(database.db, campaign.id))!;
    const { schedule, progress } = await campaignOverview({ db: database.db, verdict: passing, organisationOf: async () => { throw new Error('a started campaign does not plan'); } }, started, now);
    expect(schedule.source).toBe('recipients');
    expect(schedule.days.map((day) => [day.wave, day.count, day.at.getTime() - now.getTime()])).toEqual([
      [0, 4, 0],
      [1, 8, DAY],
    ]);
    expect(schedule.lastAt).toEqual(new Date(now.getTime() + DAY));
    expect(progress.waves.map((wave) => wave.queued)).toEqual([4, 8]);
  });

  it('gives up on slow look-ups after its budget: the domain stands alone and is named', async () => {
    const bounded = organisationsWithin(async (domain) => (domain === 'slow.example' ? new Promise<string>(() => {}) : 'google'), 50);
    expect(await bounded.organisationOf('fast.example')).toBe('google');
    expect(await bounded.organisationOf('slow.example')).toBe('slow.example');
    expect([...bounded.unknown]).toEqual(['slow.example']);
  });

  it('previews both languages with an example name and link, escaped, and sends the test through the transactional path', async () => {
    const campaign = await createCampaign(database.db, 'cli', { ...CAMPAIGN_TEXT, bodyEn: 'Hello {{name}} <script>alert(1)</script> [renew]({{link}})' }, now);
    const preview = previewCampaignParts(campaign, 'en', site);
    expect(preview.subject).toBe('Renew your access, Sam Example');
    expect(preview.content).toContain('&lt;script&gt;');
    expect(preview.content).not.toContain('<script>');
    expect(preview.content).toContain('<a href="https://portail.example.org/…">renew</a>');
    expect(preview.content).not.toContain('pm:unsubscribe');

    const mail = { db: database.db, transport: createOutboxTransport({}), from: 'bonjour@example.org', keepSecretBodies: false };
    const results = await sendCampaignTest(mail, { memberId: 'admin-1' }, campaign, { memberId: 'admin-1', email: 'admin@example.org', name: 'Camille Admin' }, site);
    expect(results).toEqual({ fr: { status: 'held' }, en: { status: 'held' } });
    const sent = await database.db.select().from(mailMessages).where(eq(mailMessages.template, 'campaign-test'));
    expect(sent.map((row) => [row.locale, row.stream, row.subject]).sort()).toEqual([
      ['en', 'outbound', 'Renew your access, Camille Admin'],
      ['fr', 'outbound', 'Renouvelez votre accès, Camille Admin'],
    ]);
    for (const row of sent) expect(row.textBody).toContain('https://portail.example.org/…');
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.action, 'campaign.test-sent'));
    expect(audit).toHaveLength(1);
  });
});
