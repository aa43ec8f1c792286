import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempDatabase } from '../../../../tests/support/temp-database.ts';
import { members } from '../../db/schema/accounts.ts';
import { campaignRecipients } from '../../db/schema/campaigns.ts';
import { recordMailEvent } from '../events/record-mail-event.ts';
import { listStuckMembers, MAX_STUCK_PAGE } from './stuck-members.ts';

const NOW = new Date('2026-11-25T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);
let database: Awaited<ReturnType<typeof openTempDatabase>>;
const asked: string[] = [];
const organisationOf = async (domain: string) => (asked.push(domain), domain === 'gmail.com' ? 'google' : domain);

async function member(id: string, email: string, invitedDaysAgo: number | null, overrides: Partial<typeof members.$inferInsert> = {}) {
  await database.db.insert(members).values({ id, email, createdAt: daysAgo(30), updatedAt: daysAgo(30), renewalInvitedAt: invitedDaysAgo === null ? null : daysAgo(invitedDaysAgo), ...overrides });
}

async function invited(id: string, email: string, organisation: string, messageId: string, sentDaysAgo: number) {
  await database.db.insert(campaignRecipients).values({
    campaignId: 'c1', memberId: id, step: 'invite', email, domain: email.split('@')[1]!, organisation, locale: 'fr', wave: 0,
    scheduledAt: daysAgo(sentDaysAgo), state: 'sent', sentAt: daysAgo(sentDaysAgo), providerMessageId: messageId, updatedAt: daysAgo(sentDaysAgo),
  });
}

beforeEach(async () => {
  database = await openTempDatabase();
  asked.length = 0;
});
afterEach(() => database.dispose());

describe('stuck members', () => {
  it('lists only invited members who have not renewed and are not disabled, grouped by receiver, most urgent first', async () => {
    await member('m1', 'quiet@ulaval.ca', 5);
    await invited('m1', 'quiet@ulaval.ca', 'microsoft-365', 'msg-1', 5);
    await member('m2', 'bounced@gmail.com', 3);
    await invited('m2', 'bounced@gmail.com', 'google', 'msg-2', 3);
    await recordMailEvent(database.db, { id: 'bounce:1', kind: 'bounced', providerMessageId: 'msg-2', recipient: 'bounced@gmail.com', detail: 'HardBounce', at: daysAgo(3) });
    await member('m3', 'fine@gmail.com', 4);
    await invited('m3', 'fine@gmail.com', 'google', 'msg-3', 4);
    await recordMailEvent(database.db, { id: 'delivery:msg-3', kind: 'delivered', providerMessageId: 'msg-3', recipient: 'fine@gmail.com', at: daysAgo(4) });
    await member('m4', 'handed@cegep.qc.ca', 2);
    await member('m8', 'aussi@cegep.qc.ca', 1);
    await member('m5', 'renewed@gmail.com', 9, { renewedAt: daysAgo(1), status: 'active' });
    await member('m6', 'off@gmail.com', 9, { status: 'disabled' });
    await member('m7', 'never@gmail.com', null);

    const page = await listStuckMembers(database.db, { page: 1, now: NOW, quarantineHours: 48, organisationOf });
    expect(page.total).toBe(5);
    expect(page.groups.map((group) => [group.organisation, group.members.map((one) => [one.email, one.reason])])).toEqual([
      ['google', [['bounced@gmail.com', 'refused'], ['fine@gmail.com', 'delivered']]],
      ['microsoft-365', [['quiet@ulaval.ca', 'quarantined-risky']]],
      ['cegep.qc.ca', [['handed@cegep.qc.ca', 'never-mailed'], ['aussi@cegep.qc.ca', 'never-mailed']]],
    ]);
    expect(page.groups[0]!.members[0]!.lastEvent).toEqual({ kind: 'bounced', at: daysAgo(3), detail: 'HardBounce' });
    // Only the domain of members no campaign mailed needed a look-up, once.
    expect(asked).toEqual(['cegep.qc.ca']);
  });

  it('pages, and reads a page number past the end (or absurd) as the last page', async () => {
    for (let index = 0; index < 5; index++) await member(`m${index}`, `m${index}@gmail.com`, 10 - index);
    const first = await listStuckMembers(database.db, { page: 1, now: NOW, quarantineHours: 48, organisationOf, pageSize: 2 });
    expect([first.page, first.pages, first.groups[0]!.members.map((one) => one.email)]).toEqual([1, 3, ['m0@gmail.com', 'm1@gmail.com']]);
    const beyond = await listStuckMembers(database.db, { page: MAX_STUCK_PAGE * 10, now: NOW, quarantineHours: 48, organisationOf, pageSize: 2 });
    expect([beyond.page, beyond.groups[0]!.members.map((one) => one.email)]).toEqual([3, ['m4@gmail.com']]);
    const nonsense = await listStuckMembers(database.db, { page: Number.NaN, now: NOW, quarantineHours: 48, organisationOf, pageSize: 2 });
    expect(nonsense.page).toBe(1);
  });

  it('drops a member once they renew', async () => {
    await member('m1', 'quiet@ulaval.ca', 5);
    expect((await listStuckMembers(database.db, { page: 1, now: NOW, quarantineHours: 48, organisationOf })).total).toBe(1);
    await database.db.update(members).set({ renewedAt: NOW, status: 'active' }).where(eq(members.id, 'm1'));
    expect((await listStuckMembers(database.db, { page: 1, now: NOW, quarantineHours: 48, organisationOf })).total).toBe(0);
  });
});
