import { and, desc, eq, isNotNull, isNull, ne, or } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { members } from '../../db/schema/accounts.ts';
import { campaignRecipients, mailEvents } from '../../db/schema/campaigns.ts';
import { mailMessages } from '../../db/schema/mail.ts';
import { groupByOrganisation, rankStuckMembers, type StuckGroup, type StuckMemberFacts } from './stuck-order.ts';

export const STUCK_PAGE_SIZE = 50;
/** Page numbers beyond this are read as the last page: nobody pages that far, and a forged number costs nothing. */
export const MAX_STUCK_PAGE = 1000;

export interface StuckPage {
  groups: StuckGroup[];
  total: number;
  page: number;
  pages: number;
}

const LOOKUPS_AT_ONCE = 8;

/** What a campaign's send record says about its message, and whether a receiver answered for good. */
const SETTLED_STATES = new Set(['delivered', 'bounced', 'complained']);

/**
 * Invited members who have not renewed (disabled ones aside), with the
 * receiving organisation and the latest mail facts of each, ranked and paged.
 * `organisationOf` names the receiver of a domain for members no campaign
 * mailed (it goes through the cached MX look-up with deadlines).
 */
export async function listStuckMembers(
  db: Db,
  options: { page: number; now: Date; quarantineHours: number; organisationOf: (domain: string) => Promise<string>; pageSize?: number },
): Promise<StuckPage> {
  const stuck = and(isNotNull(members.renewalInvitedAt), isNull(members.renewedAt), ne(members.status, 'disabled'));
  const [people, sends, mails, events] = await Promise.all([
    db.select({ id: members.id, email: members.email, name: members.name, locale: members.locale, invitedAt: members.renewalInvitedAt }).from(members).where(stuck),
    db
      .select({ memberId: campaignRecipients.memberId, organisation: campaignRecipients.organisation, state: campaignRecipients.state, sentAt: campaignRecipients.sentAt, providerMessageId: campaignRecipients.providerMessageId })
      .from(campaignRecipients)
      .innerJoin(members, eq(members.id, campaignRecipients.memberId))
      .where(and(stuck, isNotNull(campaignRecipients.sentAt)))
      .orderBy(desc(campaignRecipients.sentAt)),
    db
      .select({ memberId: mailMessages.memberId, sentAt: mailMessages.sentAt, createdAt: mailMessages.createdAt, providerMessageId: mailMessages.providerMessageId })
      .from(mailMessages)
      .innerJoin(members, eq(members.id, mailMessages.memberId))
      .where(and(stuck, eq(mailMessages.status, 'sent'), isNotNull(mailMessages.providerMessageId)))
      .orderBy(desc(mailMessages.createdAt)),
    db
      .select({ memberId: members.id, kind: mailEvents.kind, at: mailEvents.at, detail: mailEvents.detail, providerMessageId: mailEvents.providerMessageId })
      .from(mailEvents)
      .innerJoin(members, or(eq(members.id, mailEvents.memberId), eq(members.email, mailEvents.recipient)))
      .where(stuck)
      .orderBy(desc(mailEvents.at)),
  ]);

  const lastEvent = new Map<string, (typeof events)[number]>();
  const settledMessages = new Set<string>();
  for (const event of events) {
    if (!lastEvent.has(event.memberId)) lastEvent.set(event.memberId, event);
    if (event.providerMessageId && event.kind !== 'soft-bounced') settledMessages.add(event.providerMessageId);
  }
  const lastSent = new Map<string, StuckMemberFacts['lastSent']>();
  const organisation = new Map<string, string>();
  for (const send of sends) {
    if (!organisation.has(send.memberId)) organisation.set(send.memberId, send.organisation);
    if (lastSent.has(send.memberId)) continue;
    lastSent.set(send.memberId, { at: send.sentAt!, providerMessageId: send.providerMessageId, settled: SETTLED_STATES.has(send.state) || (send.providerMessageId !== null && settledMessages.has(send.providerMessageId)) });
  }
  for (const mail of mails) {
    const at = mail.sentAt ?? mail.createdAt;
    const seen = lastSent.get(mail.memberId!);
    if (seen && seen.at >= at) continue;
    lastSent.set(mail.memberId!, { at, providerMessageId: mail.providerMessageId, settled: settledMessages.has(mail.providerMessageId!) });
  }
  const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1);
  // Members no campaign mailed: their domains' receivers, each domain asked once, a few at a time (each look-up has its deadline).
  const unknownDomains = [...new Set(people.filter((person) => !organisation.has(person.id)).map((person) => domainOf(person.email)))];
  const receivers = new Map<string, string>();
  for (let start = 0; start < unknownDomains.length; start += LOOKUPS_AT_ONCE) {
    const batch = unknownDomains.slice(start, start + LOOKUPS_AT_ONCE);
    const names = await Promise.all(batch.map((domain) => options.organisationOf(domain)));
    batch.forEach((domain, index) => receivers.set(domain, names[index]!));
  }
  const facts: StuckMemberFacts[] = [];
  for (const person of people) {
    const domain = domainOf(person.email);
    const event = lastEvent.get(person.id);
    facts.push({
      memberId: person.id,
      email: person.email,
      name: person.name,
      locale: person.locale,
      invitedAt: person.invitedAt!,
      organisation: organisation.get(person.id) ?? receivers.get(domain) ?? domain,
      lastSent: lastSent.get(person.id) ?? null,
      lastEvent: event ? { kind: event.kind, at: event.at, detail: event.detail } : null,
    });
  }
  const ranked = rankStuckMembers(facts, options.now, options.quarantineHours);
  const pageSize = options.pageSize ?? STUCK_PAGE_SIZE;
  const pages = Math.max(1, Math.ceil(ranked.length / pageSize));
  const page = Math.min(Math.max(1, Math.floor(options.page) || 1), pages, MAX_STUCK_PAGE);
  return { groups: groupByOrganisation(ranked.slice((page - 1) * pageSize, page * pageSize)), total: ranked.length, page, pages };
}
