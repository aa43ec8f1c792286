import { sqliteTable, text, integer } from 'drizzle-orm/sqlite-core';

/** Small facts about this installation (e.g. when the demo content was loaded). */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
});

/**
 * One row counting the changes to what a reader of the archive sees (imports, hides,
 * settings, consents, name levels, members, channels…): database triggers bump it on
 * every such write, whichever process or connection makes it. Pages that only change
 * when it moves can answer "not modified" (src/web/archive-cache.ts).
 */
export const contentVersion = sqliteTable('content_version', {
  id: integer('id').primaryKey(),
  version: integer('version').notNull(),
});
