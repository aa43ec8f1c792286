import type Libsql from 'libsql';
import { firstValue } from '../../db/first-value.ts';
import { createChampionTables } from './champion-lists.ts';
import { createTermCountTables } from './term-counts.ts';
import { INDEX_SCHEMA } from './index-file.ts';

/** Raised when the tables' layout changes: an index of another format is rebuilt from the archive. */
const INDEX_FORMAT = 12;
/** A reindex builds its fresh copy of the tables under this suffix, then swaps it in. */
export const REBUILD_SUFFIX = '_next';

/**
 * The embedded engine's own tables, in the index file beside the archive
 * (index-file.ts), attached under INDEX_SCHEMA. They belong to the engine
 * (drizzle does not describe FTS5 tables), which creates them on first use and
 * builds fresh copies under another suffix when it reindexes.
 *
 * - `search_fts{suffix}`: FTS5, contentless (the text stays in `messages`);
 *   `body` holds the words, `meta` the filter tokens (channel, author, has:, is:),
 *   `forms` the words' other forms (stems, joined contractions), `context` what a
 *   reply carries of its thread's root and every message of its channel's topic
 *   and purpose (see word-forms.ts).
 *   Its rowid is a time-ordered id (see search-id.ts).
 * - `search_docs{suffix}`: the same id with the message's key, author and year,
 *   for snippets and facets. Its index is named per build (indexes cannot be
 *   renamed, and move with their table at the swap).
 * - `search_terms{suffix}`: every folded word indexed and in how many documents
 *   (added as they are indexed, recounted after removals: see term-counts.ts),
 *   for typo tolerance and to estimate what ranking costs.
 * - `search_champions` and its state: see champion-lists.ts.
 * - `search_indexed_entries`: the day files whose messages the index holds, as
 *   the archive's `imported_entries` records those it holds, each committed with
 *   its entries: an import compares the two records to resume (import-index.ts).
 * - `search_index_format`: the format, written last, once the new index is
 *   complete or its building is queued (`markIndexComplete`).
 *
 * Returns true when the tables were created empty: the caller fills them and marks them complete.
 */
export function createIndexTables(db: Libsql.Database, suffix = ''): boolean {
  const S = INDEX_SCHEMA;
  // Beside the index of any format (they describe whichever is live, and say when they no longer do).
  createChampionTables(db);
  createTermCountTables(db);
  const named = db.prepare(`SELECT 1 FROM ${S}.sqlite_master WHERE name = ?`);
  const exists = named.get(`search_docs${suffix}`) !== undefined;
  const format = named.get('search_index_format') === undefined ? undefined : firstValue(db.prepare(`SELECT version FROM ${S}.search_index_format`));
  if (exists && (suffix !== '' || format === INDEX_FORMAT)) return false;
  if (exists) dropIndexTables(db, suffix);
  if (suffix === '') {
    db.exec(`
      CREATE TABLE IF NOT EXISTS ${S}.search_index_format (version INTEGER NOT NULL);
      DELETE FROM ${S}.search_index_format;
      CREATE TABLE IF NOT EXISTS ${S}.search_indexed_entries (
        path TEXT NOT NULL, fingerprint TEXT NOT NULL, context TEXT NOT NULL, PRIMARY KEY (path, fingerprint, context)) WITHOUT ROWID;
      DELETE FROM ${S}.search_indexed_entries;`);
  }
  db.exec(`
    CREATE VIRTUAL TABLE IF NOT EXISTS ${S}.search_fts${suffix} USING fts5(
      body, meta, forms, context, content='', contentless_delete=1,
      tokenize='unicode61 remove_diacritics 2', prefix='3');
    CREATE TABLE IF NOT EXISTS ${S}.search_terms${suffix} (term TEXT PRIMARY KEY, docs INTEGER NOT NULL) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS ${S}.search_docs${suffix} (
      id INTEGER PRIMARY KEY, channel_id TEXT NOT NULL, ts TEXT NOT NULL, author_id TEXT, year INTEGER NOT NULL);
    CREATE UNIQUE INDEX ${S}.search_docs_message_${Date.now().toString(36)} ON search_docs${suffix} (channel_id, ts);`);
  return true;
}

/**
 * Says the live tables are complete up to what the archive's queue holds:
 * the index's record of day files becomes the archive's, and the format is
 * written, in one transaction of the index file. A kill before it leaves no
 * format, and the next engine to open starts the index again.
 */
export function markIndexComplete(db: Libsql.Database): void {
  const archived = db.prepare("SELECT 1 FROM main.sqlite_master WHERE name = 'imported_entries'").get() !== undefined;
  db.transaction(() => {
    copyArchiveRecord(db, archived);
    db.exec(`DELETE FROM ${INDEX_SCHEMA}.search_index_format; INSERT INTO ${INDEX_SCHEMA}.search_index_format (version) VALUES (${INDEX_FORMAT});`);
  }).immediate();
}

/** The index holds what the archive holds: its record of day files becomes the archive's. */
export function copyArchiveRecord(db: Libsql.Database, archived = true): void {
  db.exec(`DELETE FROM ${INDEX_SCHEMA}.search_indexed_entries`);
  if (archived) db.exec(`INSERT INTO ${INDEX_SCHEMA}.search_indexed_entries (path, fingerprint, context) SELECT path, fingerprint, context FROM main.imported_entries`);
}

/**
 * Index tables an older release kept in the archive's own database: dropped
 * from it (the index file is then built from the archive), so that the
 * unqualified names on the read path find the attached file's tables.
 */
export function dropTablesInArchive(db: Libsql.Database): boolean {
  const names = ['search_fts', 'search_docs', 'search_terms', 'search_index_format'].flatMap((name) => [name, `${name}${REBUILD_SUFFIX}`]);
  names.push('search_champions', 'search_champions_state', 'search_terms_state');
  const present = names.filter((name) => db.prepare('SELECT 1 FROM main.sqlite_master WHERE name = ?').get(name) !== undefined);
  if (present.length === 0) return false;
  db.exec(present.map((name) => `DROP TABLE IF EXISTS main.${name};`).join('\n'));
  return true;
}

export function dropIndexTables(db: Libsql.Database, suffix: string): void {
  const S = INDEX_SCHEMA;
  db.exec(`DROP TABLE IF EXISTS ${S}.search_fts${suffix}; DROP TABLE IF EXISTS ${S}.search_docs${suffix}; DROP TABLE IF EXISTS ${S}.search_terms${suffix};`);
}

/**
 * Takes the freshly built tables into service in one transaction of the index
 * file: readers see the old index or the new one. The new one holds every
 * message the archive held when the rebuild began reading, and imports queue
 * while it runs: its record of day files becomes the archive's.
 */
export function swapIndexTables(db: Libsql.Database, suffix: string): void {
  db.transaction(() => {
    dropIndexTables(db, '');
    copyArchiveRecord(db);
    db.exec(`
      ALTER TABLE search_fts${suffix} RENAME TO search_fts;
      ALTER TABLE search_docs${suffix} RENAME TO search_docs;
      ALTER TABLE search_terms${suffix} RENAME TO search_terms;`);
  }).immediate();
}

/** Asks whether a reindex is building its fresh tables (in this process or another, or one that was interrupted). */
export function rebuildingCheck(db: Libsql.Database, schema = INDEX_SCHEMA): () => boolean {
  const statement = db.prepare(`SELECT 1 FROM ${schema}.sqlite_master WHERE name = ?`);
  return () => statement.get(`search_docs${REBUILD_SUFFIX}`) !== undefined;
}

/** What sync says while fresh tables exist: the queue waits for the reindex. */
export const REBUILD_UNDER_WAY = 'a reindex is running or was interrupted: what is queued is indexed when it ends (if none is running, run `passerelle reindex`)';
