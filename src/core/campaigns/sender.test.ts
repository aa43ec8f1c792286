import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, members } from '../db/schema/accounts.ts';
import { campaignRecipients, campaigns } from '../db/schema/campaigns.ts';
import { recordConsents } from '../accounts/consents.ts';
import { recordMailEvent } from '../mail/events/record-mail-event.ts';
import { acquireLease } from './lease.ts';
import { createCampaign, getCampaign, resumeCampaign, startCampaign, CampaignError, type Campaign } from './campaigns.ts';
import { createPostmarkBroadcast } from './postmark-broadcast.ts';
import { createCampaignWorker, LEASE_NAME } from './worker.ts';
import { startPostmarkStandIn, type PostmarkStandIn } from '../../../tests/stand-ins/postmark.ts';
import { openTempDatabase } from '../../../tests/support/temp-database.ts';
import { addInvitedMembers, CAMPAIGN_TEXT, fakeRenewalLink, startedCampaign } from '../../../tests/support/campaign-fixtures.ts';
import type { NewCampaign } from './campaigns.ts';

const TOKEN = 'stand-in-server-token';
const DAY = 24 * 3_600_000;

describe('campaign sender against the Postmark stand-in', () => {
  let standIn: PostmarkStandIn;
  let database: Awaited<ReturnType<typeof openTempDatabase>>;
  let clock: Date;
  let notified: string[];

  beforeAll(async () => {
    standIn = await startPostmarkStandIn({ token: TOKEN });
  });
  afterAll(() => standIn.close());
  beforeEach(async () => {
    database = await openTempDatabase();
    standIn.accepted.splice(0);
    standIn.requests.splice(0);
    standIn.inactive.clear();
    standIn.suppressions.splice(0);
    clock = new Date('2026-11-20T14:00:00Z');
    notified = [];
  });
  afterEach(() => {
    database.dispose();
    expect(standIn.violations.splice(0)).toEqual([]);
  });

  function worker(options: { holder?: string; reconcileGraceMs?: number } = {}) {
    return createCampaignWorker({
      db: database.db,
      client: database.client,
      provider: createPostmarkBroadcast({ serverToken: TOKEN, stream: 'broadcast', from: 'Collectif <annonces@example.org>', requestHost: standIn.host, useHttps: false, timeoutSeconds: 2 }),
      stream: 'broadcast',
      renewalLinkFor: fakeRenewalLink,
      communityName: 'Collectif',
      notifyAdmins: async (_campaign, reason) => void notified.push(reason),
      now: () => clock,
      holder: options.holder ?? 'worker-a',
      reconcileGraceMs: options.reconcileGraceMs ?? 0,
      bouncePullEveryMs: 0,
    });
  }
  const start = (plan: Partial<NewCampaign>) => startedCampaign(database.db, plan, clock);
  const states = async (campaign: Campaign) =>
    (await database.db.select().from(campaignRecipients).where(eq(campaignRecipients.campaignId, campaign.id))).reduce<Record<string, number>>((counts, row) => ({ ...counts, [row.state]: (counts[row.state] ?? 0) + 1 }), {});
  const acceptedPerMember = () => {
    const counts = new Map<string, number>();
    for (const message of standIn.accepted) counts.set(message.metadata.member_id!, (counts.get(message.metadata.member_id!) ?? 0) + 1);
    return counts;
  };

  it('sends the first wave only, on the broadcast stream, tagged, with ids in metadata, the member’s link and the unsubscribe placeholder', async () => {
    await addInvitedMembers(database.db, 12);
    const campaign = await start({ firstWave: 5, growth: 2, dailyCap: 100 });
    const sender = worker();
    await sender.tick();
    expect(standIn.accepted).toHaveLength(5);
    const message = standIn.accepted[0]!;
    expect(message.stream).toBe('broadcast');
    expect(message.tag).toBe(`campaign-${campaign.id}`);
    expect(message.metadata).toEqual({ campaign_id: campaign.id, member_id: message.metadata.member_id, step: 'invite' });
    expect(message.text).toContain(`https://portail.example.org/fr/renouveler/${message.metadata.member_id}#secret`);
    expect(message.html).toContain('href="{{{ pm:unsubscribe }}}"');
    expect(message.text).toContain('{{{ pm:unsubscribe }}}');
    expect(await states(campaign)).toEqual({ sent: 5, queued: 7 });
    // The next day's wave is twice as large: the seven left.
    clock = new Date(clock.getTime() + DAY);
    await sender.tick();
    expect(standIn.accepted).toHaveLength(12);
    expect([...acceptedPerMember().values()].every((count) => count === 1)).toBe(true);
    const report = await sender.tick();
    expect(report.idle).toBe(true);
    expect((await getCampaign(database.db, campaign.id))!.status).toBe('completed');
  });

  it('records an inactive recipient (406) as skipped and never sends to them again', async () => {
    await addInvitedMembers(database.db, 3);
    standIn.inactive.add('membre1@example.org');
    const campaign = await start({ firstWave: 10 });
    await worker().tick();
    await worker().tick();
    const rows = await database.db.select().from(campaignRecipients).where(eq(campaignRecipients.memberId, 'm000001'));
    expect(rows[0]).toMatchObject({ state: 'skipped', reason: 'postmark-406-inactive' });
    expect(standIn.accepted.map((message) => message.to).sort()).toEqual(['membre0@example.org', 'membre2@example.org']);
    expect(await states(campaign)).toEqual({ sent: 2, skipped: 1 });
  });

  it('backs off on a rate limit (429) and sends everyone once afterwards', async () => {
    await addInvitedMembers(database.db, 4);
    const campaign = await start({ firstWave: 10 });
    const sender = worker();
    standIn.answerNextWith('rate-limited');
    const report = await sender.tick();
    expect(report.backoffMs).toBeGreaterThan(0);
    expect(await states(campaign)).toEqual({ queued: 4 });
    await sender.tick();
    expect(acceptedPerMember().size).toBe(4);
    expect([...acceptedPerMember().values()]).toEqual([1, 1, 1, 1]);
  });

  it('after an answer lost on the way, asks Postmark before retrying: nobody twice, nobody skipped', async () => {
    await addInvitedMembers(database.db, 6);
    const campaign = await start({ firstWave: 3 });
    const sender = worker();
    standIn.answerNextWith('accepted-then-outage');
    const report = await sender.tick();
    expect(report.backoffMs).toBeGreaterThan(0);
    expect(await states(campaign)).toEqual({ sending: 3, queued: 3 });
    standIn.answerNextWith('outage');
    clock = new Date(clock.getTime() + DAY);
    await sender.tick();
    // The three taken before are found by their metadata; the three of the lost batch were never taken and go again.
    expect(await states(campaign)).toEqual({ sent: 3, sending: 3 });
    await sender.tick();
    expect(await states(campaign)).toEqual({ sent: 6 });
    expect([...acceptedPerMember().values()]).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('waits for Postmark’s search to catch up before judging a message it cannot find', async () => {
    await addInvitedMembers(database.db, 2);
    const campaign = await start({ firstWave: 10 });
    standIn.answerNextWith('outage');
    const sender = worker({ reconcileGraceMs: 60_000 });
    await sender.tick();
    await sender.tick();
    expect(await states(campaign)).toEqual({ sending: 2 });
    clock = new Date(clock.getTime() + 61_000);
    await sender.tick();
    expect(await states(campaign)).toEqual({ sent: 2 });
  });

  it('never sends to members who renewed, were disabled, unsubscribed, are suppressed or withdrew community news', async () => {
    await addInvitedMembers(database.db, 6);
    const campaign = await start({ firstWave: 10 });
    // Signing in alone is not renewing: only the renewal's date counts.
    await database.db.update(members).set({ status: 'active', renewedAt: clock }).where(eq(members.id, 'm000000'));
    await database.db.update(members).set({ status: 'active' }).where(eq(members.id, 'm000004'));
    await database.db.update(members).set({ status: 'disabled' }).where(eq(members.id, 'm000001'));
    standIn.suppressions.push({ stream: 'broadcast', email: 'membre2@example.org', reason: 'HardBounce' });
    await recordMailEvent(database.db, { id: 'subscription:membre3', kind: 'unsubscribed', providerMessageId: null, recipient: 'membre3@example.org', stream: 'broadcast', at: clock });
    // Withdrawn on the account page after the start: the message already queued is not sent.
    await recordConsents(database.db, 'm000005', { 'community-news': false }, 'account', clock);
    await worker().tick();
    expect(standIn.accepted.map((message) => message.to)).toEqual(['membre4@example.org']);
    const reasons = (await database.db.select().from(campaignRecipients).where(eq(campaignRecipients.campaignId, campaign.id))).map((row) => row.reason);
    expect(reasons.sort()).toEqual(['disabled', 'renewed', 'suppressed', 'unsubscribed', 'withdrew-news', null].sort());
  });

  it('pauses itself past 2% hard bounces over 50 messages, says why, tells the administrators, and audits it', async () => {
    await addInvitedMembers(database.db, 120);
    const campaign = await start({ firstWave: 60, growth: 1, dailyCap: 60, organisationHourlyCap: 1000 });
    const sender = worker();
    await sender.tick();
    expect(standIn.accepted).toHaveLength(60);
    // One bounce in 60 (1.7%) is within Postmark's guidance.
    standIn.bounce(standIn.accepted[0]!.messageId, 'HardBounce', 1, clock);
    clock = new Date(clock.getTime() + DAY);
    standIn.bounce(standIn.accepted[1]!.messageId, 'HardBounce', 1, clock);
    // Two (3.3%) are not: the breaker stops before the second wave.
    await sender.tick();
    const paused = (await getCampaign(database.db, campaign.id))!;
    expect(paused.status).toBe('paused');
    expect(paused.pausedReason).toMatch(/^bounce rate 3\.3% over 60 messages/);
    expect(notified).toEqual([paused.pausedReason]);
    expect(standIn.accepted).toHaveLength(60);
    const [audit] = await database.db.select().from(auditLog).where(eq(auditLog.action, 'campaign.paused'));
    expect(audit).toMatchObject({ actor: 'system' });
    // Resuming is an administrator's audited decision; the breaker then judges what is sent from then on.
    await resumeCampaign(database.db, { memberId: 'admin-1' }, campaign.id, clock);
    await sender.tick();
    expect(standIn.accepted).toHaveLength(120);
  });

  it('does not judge a bounce rate over fewer than 50 messages', async () => {
    // More members than the first wave: the campaign is still running when the bounces come in.
    await addInvitedMembers(database.db, 60);
    const campaign = await start({ firstWave: 49, growth: 1, dailyCap: 49, organisationHourlyCap: 1000 });
    const sender = worker();
    await sender.tick();
    for (const message of standIn.accepted.slice(0, 5)) standIn.bounce(message.messageId, 'HardBounce', 1, clock);
    await sender.tick();
    expect(standIn.accepted).toHaveLength(49);
    expect((await getCampaign(database.db, campaign.id))!.status).toBe('running');
  });

  it('pauses a spam complaint rate above 0.04%', async () => {
    await addInvitedMembers(database.db, 100);
    const campaign = await start({ firstWave: 50, growth: 1, dailyCap: 50, organisationHourlyCap: 1000 });
    const sender = worker();
    await sender.tick();
    standIn.bounce(standIn.accepted[3]!.messageId, 'SpamComplaint', 100001, clock);
    clock = new Date(clock.getTime() + DAY);
    await sender.tick();
    expect((await getCampaign(database.db, campaign.id))!.pausedReason).toMatch(/^spam complaints 2\.0% over 50 messages/);
  });

  it('pauses only the domain that blocks us', async () => {
    await addInvitedMembers(database.db, 20, { domainOf: (index) => (index % 2 === 0 ? 'uni.ca' : 'example.org') });
    const campaign = await start({ firstWave: 2, growth: 10, dailyCap: 100, organisationHourlyCap: 1 });
    const sender = worker();
    await sender.tick();
    const toUni = standIn.accepted.find((message) => message.to.endsWith('@uni.ca'))!;
    standIn.bounce(toUni.messageId, 'Blocked', 100006, clock);
    clock = new Date(clock.getTime() + DAY + 10 * 3_600_000);
    await sender.tick();
    const sentTo = standIn.accepted.map((message) => message.to.split('@')[1]);
    expect(sentTo.filter((domain) => domain === 'uni.ca')).toHaveLength(1);
    expect(sentTo.filter((domain) => domain === 'example.org')).toHaveLength(10);
    expect((await getCampaign(database.db, campaign.id))!.status).toBe('running');
  });

  it('lets one worker send at a time', async () => {
    expect(await acquireLease(database.client, LEASE_NAME, 'a', 60_000, clock.getTime())).toBe(true);
    expect(await acquireLease(database.client, LEASE_NAME, 'b', 60_000, clock.getTime() + 1000)).toBe(false);
    expect(await acquireLease(database.client, LEASE_NAME, 'a', 60_000, clock.getTime() + 2000)).toBe(true);
    expect(await acquireLease(database.client, LEASE_NAME, 'b', 60_000, clock.getTime() + 62_001)).toBe(true);
    await addInvitedMembers(database.db, 2);
    await start({ firstWave: 10 });
    const report = await worker({ holder: 'a' }).tick();
    expect(report.leader).toBe(false);
    expect(standIn.accepted).toHaveLength(0);
  });

  it('refuses to start while the deliverability check fails, unless an administrator overrides it with a reason (audited)', async () => {
    await addInvitedMembers(database.db, 2);
    const campaign = await createCampaign(database.db, 'cli', { ...CAMPAIGN_TEXT } as NewCampaign, clock);
    const deps = { db: database.db, verdict: async () => ({ checkedAt: clock, passed: false, failing: ['dmarc'] }), organisationOf: async (domain: string) => domain, now: () => clock };
    await expect(startCampaign(deps, 'cli', campaign.id)).rejects.toThrow(CampaignError);
    await expect(startCampaign({ ...deps, verdict: async () => null }, 'cli', campaign.id)).rejects.toThrow(/no deliverability check/);
    await startCampaign(deps, { memberId: 'admin-1' }, campaign.id, { override: 'DMARC record published, DNS not yet propagated' });
    const [row] = await database.db.select().from(campaigns).where(eq(campaigns.id, campaign.id));
    expect(row).toMatchObject({ status: 'running', deliverabilityOverride: 'DMARC record published, DNS not yet propagated' });
    const [audit] = await database.db.select().from(auditLog).where(eq(auditLog.action, 'campaign.deliverability-overridden'));
    expect(JSON.parse(audit!.details!)).toMatchObject({ failing: ['dmarc'] });
  });

  it('records an event once however often it is told', async () => {
    const event = { id: 'bounce:1', kind: 'bounced' as const, providerMessageId: 'x', recipient: 'a@example.org', at: clock };
    expect(await recordMailEvent(database.db, event)).toEqual({ recorded: true });
    expect(await recordMailEvent(database.db, event)).toEqual({ recorded: false });
  });
});
