import { sqliteTable, text, integer } from 'drizzle-orm/sqlite-core';

/** Small facts about this installation (e.g. when the demo content was loaded). */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
});
