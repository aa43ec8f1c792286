import { primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Messages an import wrote and the search engine has not indexed yet. Written
 * in the same transaction as the messages, drained by the engine's `sync`: an
 * index that is behind (a crash, Meilisearch down) catches up at the next sync.
 */
export const searchQueue = sqliteTable(
  'search_queue',
  {
    channelId: text('channel_id').notNull(),
    ts: text('ts').notNull(),
  },
  (table) => [primaryKey({ columns: [table.channelId, table.ts] })],
);
