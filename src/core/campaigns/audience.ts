import { and, eq, inArray, ne, not, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { members, MEMBER_STATUSES, type MemberStatus } from '../db/schema/accounts.ts';
import { mailEvents } from '../db/schema/campaigns.ts';
import { mailMessages } from '../db/schema/mail.ts';
import { normalizeEmail } from '../accounts/members.ts';
import { withdrewNews } from './news-consent.ts';
import { notRenewedSql } from './renewed.ts';

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

/** A member's domain in SQL, as `domainOf` reads it: after the last "@" (rtrim strips every character but "@"). */
const DOMAIN_SQL = sql<string>`lower(substr(${members.email}, length(rtrim(${members.email}, replace(${members.email}, '@', ''))) + 1))`;

/** Members the audience names who may be invited: never disabled, renewed, or having withdrawn community news. */
function audienceConditions(audience: Audience): SQL[] {
  const conditions: SQL[] = [ne(members.status, 'disabled' satisfies MemberStatus), notRenewedSql, not(withdrewNews(members.id))];
  if (audience.statuses?.length) conditions.push(inArray(members.status, audience.statuses));
  if (audience.locales?.length) conditions.push(inArray(members.locale, audience.locales));
  // Lists go as one JSON parameter: a CSV of thousands of addresses stays one statement.
  if (audience.domains?.length) conditions.push(sql`${DOMAIN_SQL} IN (SELECT value FROM json_each(${JSON.stringify(audience.domains)}))`);
  if (audience.emails?.length) conditions.push(sql`${members.email} IN (SELECT value FROM json_each(${JSON.stringify(audience.emails)}))`);
  return conditions;
}

/** Members who signed in most recently first; the address breaks ties so a plan is reproducible. */
const BY_RECENT_SIGN_IN = [sql`coalesce(${members.lastSignInAt}, 0) DESC`, sql`${members.email} ASC`];

/** The audience's members, who signed in most recently first (`acceptedFirst` completes the engagement order). */
export async function selectAudience(db: Db, audience: Audience): Promise<AudienceMember[]> {
  const rows = await db
    .select({ memberId: members.id, email: members.email, name: members.name, locale: members.locale, lastSignInAt: members.lastSignInAt })
    .from(members)
    .where(and(...audienceConditions(audience)))
    .orderBy(...BY_RECENT_SIGN_IN);
  return rows.map((row) => ({ ...row, domain: domainOf(row.email) }));
}

/**
 * The audience's domains alone, in the same order, one per member: all a
 * draft's schedule needs. One string from the database instead of a row per
 * member keeps a 20,000-member draft page quick.
 */
export async function selectAudienceDomains(db: Db, audience: Audience): Promise<string[]> {
  const [row] = await db.all<{ domains: string | null }>(
    sql`SELECT group_concat(${DOMAIN_SQL}, char(10) ORDER BY ${sql.join(BY_RECENT_SIGN_IN, sql`, `)}) AS domains FROM ${members} WHERE ${and(...audienceConditions(audience))}`,
  );
  return row?.domains ? row.domains.split('\n') : [];
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
 * Most engaged first: domains that already accepted our mail, then the rest,
 * each keeping the order given (recent sign-ins first, from `selectAudience`).
 */
export function acceptedFirst<T>(ordered: readonly T[], acceptedDomains: Set<string>, domain: (item: T) => string): T[] {
  const accepted: T[] = [];
  const others: T[] = [];
  for (const item of ordered) (acceptedDomains.has(domain(item)) ? accepted : others).push(item);
  return accepted.concat(others);
}
