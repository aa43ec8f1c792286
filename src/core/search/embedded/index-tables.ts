import type Libsql from 'libsql';
import { firstValue } from '../../db/first-value.ts';
import { createChampionTables } from './champion-lists.ts';
import { createTermCountTables } from './term-counts.ts';

/** Raised when the tables' layout changes: an index of another format is rebuilt from the archive. */
const INDEX_FORMAT = 12;
/** A reindex builds its fresh copy of the tables under this suffix, then swaps it in. */
export const REBUILD_SUFFIX = '_next';

/**
 * The embedded engine's own tables, beside the archive in the same database.
 * They belong to the engine (drizzle does not describe FTS5 tables), which
 * creates them on first use and builds fresh copies under another suffix when
 * it reindexes.
 *
 * - `search_fts{suffix}`: FTS5, contentless (the text stays in `messages`);
 *   `body` holds the words, `meta` the filter tokens (channel, author, has:, is:),
 *   `forms` the words' other forms (stems, joined contractions), `context` what a
 *   reply carries of its thread's root and every message of its channel's topic
 *   and purpose (see word-forms.ts).
 *   Its rowid is a time-ordered id (see search-id.ts). No prefix index: FTS5
 *   uses one only for prefixes of exactly its length, it took a quarter of the
 *   import's FTS5 time and 40 % of the index's size, and prefix searches read
 *   the words' range in the main index as fast (README, "Toward both cores").
 *   Tables created with one (`prefix='3'`, until December 2026) answer every
 *   query the same: the format is unchanged, and they are not rebuilt for it.
 * - `search_docs{suffix}`: the same id with the message's key, author and year,
 *   for snippets and facets. Its index is named per build (indexes cannot be
 *   renamed, and move with their table at the swap).
 * - `search_terms{suffix}`: every folded word indexed and in how many documents
 *   (added as they are indexed, recounted after removals: see term-counts.ts),
 *   for typo tolerance and to estimate what ranking costs.
 * - `search_champion_lists` and its state: see champion-lists.ts.
 */
export function createIndexTables(db: Libsql.Database, suffix = ''): boolean {
  // Beside the index of any format (they describe whichever is live, and say when they no longer do).
  createChampionTables(db);
  createTermCountTables(db);
  const exists = db.prepare(`SELECT 1 FROM sqlite_master WHERE name = ?`).get(`search_docs${suffix}`) !== undefined;
  const format = db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'search_index_format'`).get() === undefined ? undefined : firstValue(db.prepare('SELECT version FROM search_index_format'));
  if (exists && (suffix !== '' || format === INDEX_FORMAT)) return false;
  if (exists) dropIndexTables(db, suffix);
  db.exec(`
    CREATE TABLE IF NOT EXISTS search_index_format (version INTEGER NOT NULL);
    DELETE FROM search_index_format;
    INSERT INTO search_index_format (version) VALUES (${INDEX_FORMAT});
    CREATE VIRTUAL TABLE IF NOT EXISTS search_fts${suffix} USING fts5(
      body, meta, forms, context, content='', contentless_delete=1,
      tokenize='unicode61 remove_diacritics 2');
    CREATE TABLE IF NOT EXISTS search_terms${suffix} (term TEXT PRIMARY KEY, docs INTEGER NOT NULL) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS search_docs${suffix} (
      id INTEGER PRIMARY KEY, channel_id TEXT NOT NULL, ts TEXT NOT NULL, author_id TEXT, year INTEGER NOT NULL);
    CREATE UNIQUE INDEX search_docs_message_${Date.now().toString(36)} ON search_docs${suffix} (channel_id, ts);`);
  return true;
}

export function dropIndexTables(db: Libsql.Database, suffix: string): void {
  db.exec(`DROP TABLE IF EXISTS search_fts${suffix}; DROP TABLE IF EXISTS search_docs${suffix}; DROP TABLE IF EXISTS search_terms${suffix};`);
}

/** Takes the freshly built tables into service in one transaction: readers see the old index or the new one. */
export function swapIndexTables(db: Libsql.Database, suffix: string): void {
  db.transaction(() => {
    dropIndexTables(db, '');
    db.exec(`
      ALTER TABLE search_fts${suffix} RENAME TO search_fts;
      ALTER TABLE search_docs${suffix} RENAME TO search_docs;
      ALTER TABLE search_terms${suffix} RENAME TO search_terms;`);
  }).immediate();
}

/** Asks whether a reindex is building its fresh tables (in this process or another, or one that was interrupted). */
export function rebuildingCheck(db: Libsql.Database): () => boolean {
  const statement = db.prepare('SELECT 1 FROM sqlite_master WHERE name = ?');
  return () => statement.get(`search_docs${REBUILD_SUFFIX}`) !== undefined;
}

/** What sync says while fresh tables exist: the queue waits for the reindex. */
export const REBUILD_UNDER_WAY = 'a reindex is running or was interrupted: what is queued is indexed when it ends (if none is running, run `passerelle reindex`)';
