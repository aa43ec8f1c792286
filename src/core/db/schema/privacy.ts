import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * The register of confidentiality incidents (Québec's Regulation respecting
 * confidentiality incidents, s. 11): one row per incident, edited as the
 * facts become known, every change in the audit log. Calendar dates are kept
 * as the administrator typed them (YYYY-MM-DD): an incident happens on a day,
 * not at an instant in one time zone.
 */
export const privacyIncidents = sqliteTable(
  'privacy_incidents',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** When it happened, or when the period began (an approximation when unknown). */
    occurredOn: text('occurred_on').notNull(),
    /** End of the period, when it lasted more than a day. */
    occurredUntil: text('occurred_until'),
    /** When the community became aware of it. */
    discoveredOn: text('discovered_on').notNull(),
    /** What happened: the circumstances, briefly. */
    description: text('description').notNull(),
    /** The personal information concerned, or why it is not known. */
    informationConcerned: text('information_concerned').notNull(),
    /** How many people are concerned; null: not known yet. */
    peopleConcerned: integer('people_concerned'),
    /** The number is an approximation. */
    peopleApproximate: integer('people_approximate', { mode: 'boolean' }).notNull().default(false),
    /** The risk-of-serious-injury assessment and its factors. */
    sensitivity: text('sensitivity').notNull(),
    anticipatedConsequences: text('anticipated_consequences').notNull(),
    likelihood: text('likelihood').notNull(),
    /** The conclusion: a risk of serious injury, which obliges notifying the Commission and the people. */
    seriousRisk: integer('serious_risk', { mode: 'boolean' }).notNull(),
    measuresTaken: text('measures_taken').notNull(),
    commissionNotifiedOn: text('commission_notified_on'),
    peopleNotifiedOn: text('people_notified_on'),
    /** Why the Commission or the people were not (yet) notified. */
    notNotifiedReason: text('not_notified_reason'),
    createdBy: text('created_by').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (table) => [index('privacy_incidents_created').on(table.createdAt)],
);
