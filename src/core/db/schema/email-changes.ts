import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * A member's pending change of address: confirmed only by the link sent to the
 * new address (single use, stored hashed, short-lived); a new request cancels the older.
 */
export const emailChanges = sqliteTable('email_changes', {
  id: text('id').primaryKey(),
  memberId: text('member_id').notNull(),
  newEmail: text('new_email').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
  usedAt: integer('used_at', { mode: 'timestamp_ms' }),
});
