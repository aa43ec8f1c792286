import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Each deliverability check, kept with its time: a campaign asks the latest one
 * whether mail from the sending domain will arrive. Results hold DNS records and
 * counts per receiving organisation, never a member's address.
 */
export const deliverabilityChecks = sqliteTable(
  'deliverability_checks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    checkedAt: integer('checked_at', { mode: 'timestamp_ms' }).notNull(),
    /** The domain of the sender checked (MAIL_FROM, or the contact address while mail stays in the outbox). */
    domain: text('domain').notNull(),
    /** Every check passed or only warned: nothing failed, nothing went unchecked. */
    passed: integer('passed', { mode: 'boolean' }).notNull(),
    /** JSON array of the ids of checks that failed or could not be checked. */
    failing: text('failing').notNull(),
    /** JSON: the whole report as the admin page shows it. */
    report: text('report').notNull(),
    /** "cli" or the id of the administrator who asked. */
    requestedBy: text('requested_by').notNull(),
  },
  (table) => [index('deliverability_checks_at').on(table.checkedAt)],
);
