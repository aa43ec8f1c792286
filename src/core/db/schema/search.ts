import { integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

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

/**
 * The embedded engine's documents. `id` is also the rowid of the FTS5 table
 * `search_fts` (created in its migration: drizzle does not describe virtual
 * tables) and grows with time, so "newest first" and date filters are rowid
 * order and rowid ranges inside FTS5, never a scan.
 */
export const searchDocs = sqliteTable(
  'search_docs',
  {
    id: integer('id').primaryKey(),
    channelId: text('channel_id').notNull(),
    ts: text('ts').notNull(),
    authorId: text('author_id'),
    /** Calendar year in the community's time zone, for the year facet. */
    year: integer('year').notNull(),
  },
  (table) => [uniqueIndex('search_docs_message').on(table.channelId, table.ts)],
);
