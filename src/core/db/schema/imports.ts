import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Bookkeeping that makes imports resumable: a day file is recorded in the same
 * transaction as its messages, so a re-run skips exactly what was committed.
 */
export const importedEntries = sqliteTable(
  'imported_entries',
  {
    path: text('path').notNull(),
    /** CRC-32 and size from the zip directory, or a SHA-1 of a folder's file. */
    fingerprint: text('fingerprint').notNull(),
    /** Hash of what rendering depends on (people, channels, importer version). */
    context: text('context').notNull(),
  },
  (table) => [primaryKey({ columns: [table.path, table.fingerprint, table.context] })],
);

export const importRuns = sqliteTable('import_runs', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  source: text('source').notNull(),
  startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
  finishedAt: integer('finished_at', { mode: 'timestamp_ms' }),
  status: text('status', { enum: ['running', 'completed', 'failed'] }).notNull(),
  /** JSON summary: counts per kind and skipped items with their reasons. */
  summary: text('summary'),
});
