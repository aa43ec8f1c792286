import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * One pending renewal link per member, single use, stored as a hash only.
 * Longer-lived than a sign-in link: invitations wait in inboxes for days.
 */
export const renewalLinks = sqliteTable(
  'renewal_links',
  {
    id: text('id').primaryKey(),
    memberId: text('member_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    /** Mailed (an invitation) or handed over by an operator. */
    origin: text('origin', { enum: ['email', 'operator'] }).notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    usedAt: integer('used_at', { mode: 'timestamp_ms' }),
  },
  (table) => [index('renewal_links_member').on(table.memberId), uniqueIndex('renewal_links_token').on(table.tokenHash)],
);

/**
 * The consent register (Québec's Law 25): every choice a member made, per
 * purpose, with the wording version they saw and when. Only ever appended to.
 */
export const consentRegister = sqliteTable(
  'consent_register',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    memberId: text('member_id').notNull(),
    purpose: text('purpose').notNull(),
    granted: integer('granted', { mode: 'boolean' }).notNull(),
    version: integer('version').notNull(),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    /** Where the choice was made: the renewal form or the account page. */
    source: text('source', { enum: ['renewal', 'account'] }).notNull(),
  },
  (table) => [index('consent_register_member').on(table.memberId, table.purpose)],
);

/** Each member's current choice per purpose: the register's latest row, kept beside it for the archive's and search's joins. */
export const memberConsents = sqliteTable(
  'member_consents',
  {
    memberId: text('member_id').notNull(),
    purpose: text('purpose').notNull(),
    granted: integer('granted', { mode: 'boolean' }).notNull(),
    version: integer('version').notNull(),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.memberId, table.purpose] })],
);
