import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * How the archive names one person, beyond the member's "show my name" consent:
 * "pseudonymised" puts « Ancien membre » / "Former member" in place of their name
 * everywhere; "named" keeps the name of someone the community's default
 * (pseudonymise people who never had an account) would otherwise cover.
 * Rows are never written by imports; a new import keeps them.
 */
export const NAME_LEVELS = ['pseudonymised', 'named'] as const;
export type NameLevel = (typeof NAME_LEVELS)[number];
export const NAME_LEVEL_SOURCES = ['member', 'admin'] as const;
export type NameLevelSource = (typeof NAME_LEVEL_SOURCES)[number];

export const personNameLevels = sqliteTable('person_name_levels', {
  personId: text('person_id').primaryKey(),
  level: text('level', { enum: NAME_LEVELS }).notNull(),
  /** The member themself, or an administrator acting on the person's request. */
  source: text('source', { enum: NAME_LEVEL_SOURCES }).notNull(),
  /** For an administrator's action: when the person asked, and why (as the request said). */
  requestedAt: integer('requested_at', { mode: 'timestamp_ms' }),
  reason: text('reason'),
  at: integer('at', { mode: 'timestamp_ms' }).notNull(),
});

/** One message its author took out of the archive's pages and search; the row goes when they show it again. */
export const hiddenMessages = sqliteTable(
  'hidden_messages',
  {
    channelId: text('channel_id').notNull(),
    ts: text('ts').notNull(),
    /** The member who hid it (always its author). */
    memberId: text('member_id').notNull(),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.channelId, table.ts] })],
);
