import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempDatabase } from '../../../../tests/support/temp-database.ts';
import { addMember, type Member } from '../../accounts/members.ts';
import { campaignRecipients } from '../../db/schema/campaigns.ts';
import { mailMessages } from '../../db/schema/mail.ts';
import { recordMailEvent } from '../events/record-mail-event.ts';
import { memberMailTimeline, memberMessageId } from './member-timeline.ts';

const SENT = new Date('2026-11-20T09:00:00Z');
const INVITE_ID = '11111111-1111-4111-8111-111111111111';
const SIGN_IN_ID = '22222222-2222-4222-8222-222222222222';
let database: Awaited<ReturnType<typeof openTempDatabase>>;
let member: Member;

beforeEach(async () => {
  database = await openTempDatabase();
  member = await addMember(database.db, 'cli', { email: 'elise@ulaval.ca', locale: 'fr' }, SENT);
  await database.db.insert(campaignRecipients).values({
    campaignId: 'c1', memberId: member.id, step: 'invite', email: member.email, domain: 'ulaval.ca', organisation: 'microsoft-365', locale: 'fr', wave: 0,
    scheduledAt: SENT, state: 'sent', sentAt: SENT, providerMessageId: INVITE_ID, updatedAt: SENT,
  });
  await database.db.insert(mailMessages).values({
    id: 'mail-1', createdAt: new Date(SENT.getTime() + 3_600_000), recipient: member.email, memberId: member.id, template: 'sign-in', locale: 'fr', stream: 'outbound',
    subject: 'Votre code', transport: 'postmark', status: 'sent', providerMessageId: SIGN_IN_ID, sentAt: new Date(SENT.getTime() + 3_600_000),
  });
});
afterEach(() => database.dispose());

const hoursAfter = (hours: number) => new Date(SENT.getTime() + hours * 3_600_000);

describe("a member's mail timeline", () => {
  it('lists campaign and transactional messages newest first, each with its own events and the receiving server', async () => {
    await recordMailEvent(database.db, { id: `delivery:${SIGN_IN_ID}`, kind: 'delivered', providerMessageId: SIGN_IN_ID, recipient: member.email, receivingServer: 'ulaval-ca.mail.protection.outlook.com', at: hoursAfter(1.1) });
    const timeline = await memberMailTimeline(database.db, member, { now: hoursAfter(2), quarantineHours: 48 });
    expect(timeline.messages.map((message) => [message.kind, message.events.map((event) => [event.kind, event.answer])])).toEqual([
      ['sign-in', [['delivered', 'ulaval-ca.mail.protection.outlook.com']]],
      ['invite', []],
    ]);
    expect(timeline.looseEvents).toEqual([]);
  });

  it('flags the silent invitation as probably quarantined once the configured hours have passed', async () => {
    await recordMailEvent(database.db, { id: `delivery:${SIGN_IN_ID}`, kind: 'delivered', providerMessageId: SIGN_IN_ID, recipient: member.email, at: hoursAfter(1.1) });
    const flags = async (now: Date, hours: number) => (await memberMailTimeline(database.db, member, { now, quarantineHours: hours })).messages.map((message) => [message.kind, message.probablyQuarantined]);
    expect(await flags(hoursAfter(10), 48)).toEqual([['sign-in', false], ['invite', false]]);
    expect(await flags(hoursAfter(48), 48)).toEqual([['sign-in', false], ['invite', true]]);
    expect(await flags(hoursAfter(10), 6)).toEqual([['sign-in', false], ['invite', true]]);
  });

  it('shows a bounce with its type and the server’s answer, and stops calling the message quarantined', async () => {
    await recordMailEvent(database.db, { id: 'bounce:7', kind: 'bounced', providerMessageId: INVITE_ID, recipient: member.email, detail: 'HardBounce', serverAnswer: 'smtp;550 5.1.1 mailbox unavailable', at: hoursAfter(0.5) });
    const invite = (await memberMailTimeline(database.db, member, { now: hoursAfter(100), quarantineHours: 48 })).messages.find((message) => message.kind === 'invite')!;
    expect(invite.events).toEqual([expect.objectContaining({ kind: 'bounced', detail: 'HardBounce', answer: 'smtp;550 5.1.1 mailbox unavailable' })]);
    expect(invite.status).toBe('bounced');
    expect(invite.probablyQuarantined).toBe(false);
  });

  it('keeps events about the address that match none of its messages apart', async () => {
    await recordMailEvent(database.db, { id: 'unsub:1', kind: 'unsubscribed', providerMessageId: '33333333-3333-4333-8333-333333333333', recipient: 'Elise@ulaval.ca', detail: 'ManualSuppression', at: hoursAfter(3) });
    const timeline = await memberMailTimeline(database.db, member, { now: hoursAfter(4), quarantineHours: 48 });
    expect(timeline.looseEvents.map((event) => event.kind)).toEqual(['unsubscribed']);
  });

  it('knows which message ids are the member’s own, and no one else’s', async () => {
    const other = await addMember(database.db, 'cli', { email: 'autre@example.org' }, SENT);
    expect(await memberMessageId(database.db, member.id, INVITE_ID)).toBe(INVITE_ID);
    expect(await memberMessageId(database.db, member.id, SIGN_IN_ID)).toBe(SIGN_IN_ID);
    expect(await memberMessageId(database.db, other.id, INVITE_ID)).toBeUndefined();
  });
});
