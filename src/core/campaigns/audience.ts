import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { members, MEMBER_STATUSES, type MemberStatus } from '../db/schema/accounts.ts';
import { mailEvents } from '../db/schema/campaigns.ts';
import { mailMessages } from '../db/schema/mail.ts';
import { normalizeEmail } from '../accounts/members.ts';
import { isRenewed } from './renewed.ts';

/**
 * Who a campaign invites. The default is every member who has not renewed;
 * the filters narrow it; a CSV list replaces them.
 */
export const audienceSchema = z.object({
  statuses: z.array(z.enum(MEMBER_STATUSES)).optional(),
  domains: z.array(z.string().trim().toLowerCase().min(1)).optional(),
  locales: z.array(z.enum(['fr', 'en'])).optional(),
  /** Addresses, from a CSV the administrator gave. */
  emails: z.array(z.string().trim().toLowerCase()).optional(),
});
export type Audience = z.infer<typeof audienceSchema>;

export interface AudienceMember {
  memberId: string;
  email: string;
  name: string | null;
  locale: 'fr' | 'en';
  domain: string;
  lastSignInAt: Date | null;
}

export function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}

/** Addresses from the first column of a CSV (a header row is recognised by having no "@"). */
export function emailsFromCsv(csv: string): string[] {
  return csv
    .split(/\r?\n/)
    .map((line) => normalizeEmail(line.split(/[;,]/)[0]?.replace(/^"|"$/g, '') ?? ''))
    .filter((email) => email.includes('@'));
}

/** Members the audience names who may be invited: never disabled, never renewed. */
export async function selectAudience(db: Db, audience: Audience): Promise<AudienceMember[]> {
  const conditions = [ne(members.status, 'disabled' satisfies MemberStatus)];
  if (audience.statuses?.length) conditions.push(inArray(members.status, audience.statuses));
  if (audience.locales?.length) conditions.push(inArray(members.locale, audience.locales));
  const rows = await db
    .select({ memberId: members.id, email: members.email, name: members.name, locale: members.locale, status: members.status, renewedAt: members.renewedAt, lastSignInAt: members.lastSignInAt })
    .from(members)
    .where(and(...conditions));
  const domains = audience.domains?.length ? new Set(audience.domains) : null;
  const listed = audience.emails?.length ? new Set(audience.emails) : null;
  return rows
    .filter((row) => !isRenewed(row))
    .map((row) => ({ ...row, domain: domainOf(row.email) }))
    .filter((row) => (!domains || domains.has(row.domain)) && (!listed || listed.has(row.email)))
    .map(({ status: _status, renewedAt: _renewedAt, ...row }) => row);
}

/** Domains that already accepted our mail: a message there was delivered, or sent without a bounce. */
export async function domainsThatAccepted(db: Db): Promise<Set<string>> {
  const delivered = await db.selectDistinct({ recipient: mailEvents.recipient }).from(mailEvents).where(eq(mailEvents.kind, 'delivered'));
  const bounced = new Set(
    (await db.selectDistinct({ recipient: mailEvents.recipient }).from(mailEvents).where(inArray(mailEvents.kind, ['bounced', 'complained']))).map((row) => row.recipient),
  );
  const sent = await db
    .selectDistinct({ recipient: mailMessages.recipient })
    .from(mailMessages)
    .where(and(eq(mailMessages.status, 'sent'), sql`${mailMessages.transport} != 'outbox'`));
  const domains = new Set<string>();
  for (const { recipient } of [...delivered, ...sent]) if (!bounced.has(recipient)) domains.add(domainOf(recipient));
  return domains;
}

/**
 * Most engaged first: domains that already accepted our mail, then members who
 * signed in most recently; the address breaks ties so a plan is reproducible.
 */
export function byEngagement<T extends { domain: string; lastSignInAt: Date | null; email: string }>(recipients: T[], acceptedDomains: Set<string>): T[] {
  return [...recipients].sort(
    (a, b) =>
      Number(acceptedDomains.has(b.domain)) - Number(acceptedDomains.has(a.domain)) ||
      (b.lastSignInAt?.getTime() ?? 0) - (a.lastSignInAt?.getTime() ?? 0) ||
      (a.email < b.email ? -1 : a.email > b.email ? 1 : 0),
  );
}
