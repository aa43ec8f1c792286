import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { members } from '../db/schema/accounts.ts';
import { campaignRecipients, campaigns } from '../db/schema/campaigns.ts';
import { recordMailEvent } from '../mail/events/record-mail-event.ts';
import { createPostmarkBroadcast } from './postmark-broadcast.ts';
import { createCampaignWorker } from './worker.ts';
import { startPostmarkStandIn, type PostmarkStandIn } from '../../../tests/stand-ins/postmark.ts';
import { openTempDatabase } from '../../../tests/support/temp-database.ts';
import { addInvitedMembers, fakeRenewalLink, startedCampaign } from '../../../tests/support/campaign-fixtures.ts';

const TOKEN = 'stand-in-server-token';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('the reminder step, through the worker and the Postmark stand-in', () => {
  let standIn: PostmarkStandIn;
  let database: Awaited<ReturnType<typeof openTempDatabase>>;
  let clock: Date;

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
  });
  afterEach(() => {
    database.dispose();
    expect(standIn.violations.splice(0)).toEqual([]);
  });

  const worker = () =>
    createCampaignWorker({
      db: database.db,
      client: database.client,
      provider: createPostmarkBroadcast({ serverToken: TOKEN, stream: 'broadcast', from: 'Collectif <annonces@example.org>', requestHost: standIn.host, useHttps: false, timeoutSeconds: 2 }),
      stream: 'broadcast',
      renewalLinkFor: fakeRenewalLink,
      communityName: 'Collectif',
      now: () => clock,
      holder: 'worker-a',
      reconcileGraceMs: 0,
      bouncePullEveryMs: 0,
    });
  const reminded = () => standIn.accepted.filter((message) => message.metadata.step === 'reminder').map((message) => message.metadata.member_id!);
  const reminderRows = (campaignId: string) =>
    database.db
      .select({ memberId: campaignRecipients.memberId, wave: campaignRecipients.wave, state: campaignRecipients.state, reason: campaignRecipients.reason, scheduledAt: campaignRecipients.scheduledAt })
      .from(campaignRecipients)
      .where(and(eq(campaignRecipients.campaignId, campaignId), eq(campaignRecipients.step, 'reminder')));

  /** Runs the worker at `clock` until it has nothing more to do now. */
  async function runNow(sender: ReturnType<typeof worker>): Promise<void> {
    for (let round = 0; round < 20; round++) {
      const report = await sender.tick();
      if (report.handed === 0) return;
    }
  }

  it('reminds each member who has not renewed N days after the invitation exactly once, in waves of the plan, and never the renewed, disabled, unsubscribed or suppressed', async () => {
    const ids = await addInvitedMembers(database.db, 10, { domainOf: () => 'example.org' });
    // Everyone is invited on the first day.
    const campaign = await startedCampaign(database.db, { firstWave: 10, growth: 2, dailyCap: 10, organisationHourlyCap: 100, reminderAfterDays: 7 }, clock);
    // A smaller first wave from here on, so the reminders' own waves show: 3 on their first day, the rest the next.
    await database.db.update(campaigns).set({ firstWave: 3 }).where(eq(campaigns.id, campaign.id));
    const sender = worker();
    await runNow(sender);
    expect(standIn.accepted.filter((message) => message.metadata.step === 'invite')).toHaveLength(10);

    // After the invitation: one renews, one is disabled, one unsubscribes from the broadcast stream, one lands on Postmark's suppression list.
    clock = new Date(clock.getTime() + DAY);
    await database.db.update(members).set({ renewedAt: clock, status: 'active' }).where(eq(members.id, ids[0]!));
    await database.db.update(members).set({ status: 'disabled' }).where(eq(members.id, ids[1]!));
    await recordMailEvent(database.db, { id: 'subscription:m2', kind: 'unsubscribed', providerMessageId: null, recipient: 'membre2@example.org', stream: 'broadcast', at: clock });
    standIn.suppressions.push({ stream: 'broadcast', email: 'membre3@example.org', reason: 'HardBounce' });

    // Six days after the invitation: too early.
    clock = new Date('2026-11-26T14:00:00Z');
    await runNow(sender);
    expect(reminded()).toEqual([]);
    expect(await reminderRows(campaign.id)).toEqual([]);

    // Seven days after: the reminders are planned by the warm-up plan, the first wave goes now.
    clock = new Date('2026-11-27T14:00:01Z');
    await runNow(sender);
    const planned = await reminderRows(campaign.id);
    // Renewed and disabled members are never planned; the unsubscribed and suppressed are stopped at send time.
    expect(planned.map((row) => row.memberId).sort()).toEqual(ids.slice(2).sort());
    expect(planned.filter((row) => row.wave === 0)).toHaveLength(3);
    expect(planned.filter((row) => row.wave === 1).every((row) => row.scheduledAt.getTime() === clock.getTime() + DAY)).toBe(true);
    const firstDay = reminded();
    expect(firstDay.length).toBeLessThanOrEqual(3);

    // The next day the rest of the plan goes; then days pass and nobody gets a second reminder.
    for (const days of [1, 2, 10]) {
      clock = new Date(new Date('2026-11-27T14:00:01Z').getTime() + days * DAY);
      await runNow(sender);
    }
    const all = reminded();
    expect(all.sort()).toEqual(ids.slice(4).sort());
    expect(new Set(all).size).toBe(all.length);
    const skipped = Object.fromEntries((await reminderRows(campaign.id)).filter((row) => row.state === 'skipped').map((row) => [row.memberId, row.reason]));
    expect(skipped).toEqual({ [ids[2]!]: 'unsubscribed', [ids[3]!]: 'suppressed' });
    // Every reminder left; the campaign has nothing more to send.
    expect((await database.db.select({ status: campaigns.status }).from(campaigns).where(eq(campaigns.id, campaign.id)))[0]!.status).toBe('completed');
  });

  it('sends no reminder when the campaign has none', async () => {
    await addInvitedMembers(database.db, 4);
    await startedCampaign(database.db, { firstWave: 10, reminderAfterDays: null }, clock);
    const sender = worker();
    await runNow(sender);
    clock = new Date(clock.getTime() + 30 * DAY);
    await runNow(sender);
    expect(reminded()).toEqual([]);
    expect(standIn.accepted).toHaveLength(4);
  });
});
