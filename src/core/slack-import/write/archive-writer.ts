import Libsql from 'libsql';
import { getTableColumns, getTableName } from 'drizzle-orm';
import { getTableConfig, type SQLiteColumn, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import { files, messages, reactions } from '../../db/schema/archive.ts';
import { importedEntries } from '../../db/schema/imports.ts';
import { BulkInsert, type SqlValue } from '../../db/bulk-insert.ts';
import { retryWhileBusy } from '../../db/busy-retry.ts';
import { searchQueue } from '../../db/schema/search.ts';
import type { ImportIndex, ImportIndexing, ImportIndexWriter } from '../../search/import-indexing.ts';
import { FILE_COLUMNS, MESSAGE_COLUMNS, REACTION_COLUMNS, SOURCE_HASH_AT, TS_AT } from '../pack/packed-columns.ts';
import type { PackedDayFile } from '../pack/packed-day-file.ts';
import type { Skipped } from '../layout/layout.ts';
import { TsSeen } from './ts-seen.ts';

export interface EntryRecord {
  path: string;
  fingerprint: string;
  context: string;
}

export interface DayFileWrite {
  channelId: string;
  /** A whole day file, or one part of a huge one. */
  packed: PackedDayFile;
  entry: EntryRecord;
  /** Whether this write completes the file: only then is it recorded as imported (a re-run redoes a file cut short). */
  record: boolean;
}

export interface DayFileOutcome {
  written: number;
  unchanged: number;
  /** Messages indexed in this transaction, with the entries the workers prepared. */
  indexed: number;
  /** Messages queued for the search engine's next sync. */
  queued: number;
  /** Messages an earlier day file of this import gave another content under the same ts: replaced, and named. */
  replaced: Skipped[];
}

function insertInto(table: SQLiteTable, names: readonly string[]): string {
  return `INSERT INTO ${getTableName(table)} (${names.join(', ')})`;
}

function insertSql(table: SQLiteTable, names: readonly string[], conflict: string): string {
  return `${insertInto(table, names)} VALUES (${names.map(() => '?').join(', ')}) ${conflict}`;
}

const TEXT_AT = MESSAGE_COLUMNS.findIndex(([key]) => key === 'text');
const QUOTED_TEXT = 500;

function quoted(text: unknown): string {
  const value = typeof text === 'string' ? text : '';
  return JSON.stringify(value.length > QUOTED_TEXT ? `${value.slice(0, QUOTED_TEXT)}…` : value);
}

function replacedMessage(path: string, ts: string, earlier: unknown, later: SqlValue | undefined): Skipped {
  return {
    item: `${path} ${ts}`,
    reason: `a second, different message with the ts ${ts} in this channel: the later one is kept, the earlier one is replaced (earlier text ${quoted(earlier)}, later ${quoted(later)})`,
  };
}

/**
 * Index that the import builds once at the end of a first load instead of row by row.
 * Its keys (author, time) are random with respect to the order messages arrive in,
 * so each insert touches a different page: once the index outgrows the page cache
 * (about 2.5 million messages with a 32 MiB cache), every message costs page reads
 * and rewrites, and the import slows down as the store grows. Sorting it once
 * at the end costs a few seconds.
 */
const DEFERRED_INDEX = 'messages_author';

function deferredIndexSql(): string {
  const index = getTableConfig(messages).indexes.find(({ config }) => config.name === DEFERRED_INDEX)!;
  const columns = index.config.columns.map((column) => `"${(column as SQLiteColumn).name}"`);
  return `CREATE INDEX IF NOT EXISTS "${DEFERRED_INDEX}" ON "${getTableName(messages)}" (${columns.join(', ')})`;
}

/**
 * The import's write path. It runs on libsql's synchronous binding (the engine
 * under @libsql/client, on the same file) because it writes millions of rows:
 * prepared once, each statement then costs a few microseconds, where the async
 * client re-prepares every statement and drizzle's builder doubles the cost.
 * The web server keeps reading through WAL while each group of day files commits.
 */
export class ArchiveWriter {
  readonly #db: Libsql.Database;
  readonly #statements;
  /** Per channel, the highest ts stored: a day file entirely above it has nothing stored to compare with. */
  readonly #highest = new Map<string, string | null>();
  /** Rows go in many at a time; each is flushed before anything reads or deletes what it writes. */
  readonly #messages: BulkInsert;
  readonly #reactions: BulkInsert;
  readonly #files: BulkInsert;
  /** One row's values (channel, ts, then the packed ones), reused for every row. */
  readonly #row: SqlValue[] = [];
  #indexDeferred = false;
  /** The ts this import wrote in the current channel. */
  readonly #seen = new TsSeen();
  /**
   * Folders where one day file replaced a message another wrote: none of their
   * day files is recorded as imported, so the next import reads them all again,
   * in order, and ends as a fresh import of that export would (an unchanged file
   * would otherwise keep the other file's version).
   */
  readonly #unrecorded = new Set<string>();
  /** The search index, written in the same transactions when the engine can; otherwise written messages are queued for it. */
  readonly #searchIndex: ImportIndex | undefined;
  /** Values of each message's prepared index entry in a packed day file. */
  readonly #entryWidth: number;

  constructor(file: string, indexing?: ImportIndexing) {
    this.#db = new Libsql(file);
    // wal_autocheckpoint: 4,096 pages of 16 KiB. With SQLite's default (1,000 pages) the
    // writer checkpointed every 5 commits, copying the same index pages to the
    // database again each time; journal_size_limit gives the disk back afterwards.
    this.#db.exec(
      'PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000; PRAGMA cache_size = -32768; PRAGMA wal_autocheckpoint = 4096; PRAGMA journal_size_limit = 67108864',
    );
    const messageNames = ['channel_id', ...MESSAGE_COLUMNS.map(([, name]) => name)];
    const updates = MESSAGE_COLUMNS.filter(([key]) => key !== 'ts')
      .map(([, name]) => `${name} = excluded.${name}`)
      .join(', ');
    this.#statements = {
      highest: this.#db.prepare('SELECT max(ts) FROM messages WHERE channel_id = ?').raw(),
      known: this.#db.prepare('SELECT ts, source_hash FROM messages WHERE channel_id = ? AND ts >= ? AND ts <= ?').raw(),
      forgetFolder: this.#db.prepare('DELETE FROM imported_entries WHERE substr(path, 1, ?) = ?'),
      storedText: this.#db.prepare('SELECT text FROM messages WHERE channel_id = ? AND ts = ?').raw(),
      imported: this.#db.prepare('SELECT 1 FROM imported_entries WHERE path = ? AND fingerprint = ? AND context = ?').pluck(),
      deleteReactions: this.#db.prepare('DELETE FROM reactions WHERE channel_id = ? AND ts = ?'),
      deleteFiles: this.#db.prepare('DELETE FROM files WHERE channel_id = ? AND ts = ?'),
      markDirty: this.#db.prepare('UPDATE channels SET stats_dirty = 1 WHERE id = ?'),
      recordEntry: this.#db.prepare(
        insertSql(importedEntries, Object.values(getTableColumns(importedEntries)).map((column) => column.name), 'ON CONFLICT DO NOTHING'),
      ),
      // REPLACE gives the entry a new rowid: a reindex that started earlier knows it must keep it.
      queueForSearch: this.#db.prepare(
        insertSql(searchQueue, Object.values(getTableColumns(searchQueue)).map((column) => column.name), '').replace('INSERT INTO', 'INSERT OR REPLACE INTO'),
      ),
    };
    this.#messages = new BulkInsert(this.#db, insertInto(messages, messageNames), messageNames.length, `ON CONFLICT (channel_id, ts) DO UPDATE SET ${updates}`);
    const withKey = (columns: [string, string][]) => ['channel_id', 'ts', ...columns.map(([, name]) => name)];
    this.#reactions = new BulkInsert(this.#db, insertInto(reactions, withKey(REACTION_COLUMNS)), REACTION_COLUMNS.length + 2);
    this.#files = new BulkInsert(this.#db, insertInto(files, withKey(FILE_COLUMNS)), FILE_COLUMNS.length + 2);
    this.#searchIndex = indexing?.open(this.#db);
    this.#entryWidth = indexing?.entries?.width ?? 0;
  }

  /**
   * Called before the first day file. On a first load (no message stored yet), or
   * when an earlier first load was interrupted, the author index is left out
   * until `finishBulkLoad`; later imports keep it up to date row by row.
   */
  beginBulkLoad(): void {
    const hasIndex = this.#db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?").raw().get(DEFERRED_INDEX) !== undefined;
    const empty = this.#db.prepare('SELECT 1 FROM messages LIMIT 1').raw().get() === undefined;
    if (hasIndex && empty) retryWhileBusy(() => this.#db.exec(`DROP INDEX "${DEFERRED_INDEX}"`));
    this.#indexDeferred = !hasIndex || empty;
  }

  /** Builds what `beginBulkLoad` left out; a kill before this leaves it to the next import. */
  finishBulkLoad(): void {
    if (!this.#indexDeferred) return;
    // libsql builds SQLite with TEMP_STORE=2: the sort's runs would stay in memory
    // (+183 MiB of RSS for 3M entries, +245 MiB at the end of a 5M import); in
    // temporary files it costs +9 MiB and is no slower.
    this.#db.exec('PRAGMA temp_store = FILE');
    retryWhileBusy(() => this.#db.exec(deferredIndexSql()));
    this.#indexDeferred = false;
  }

  isEntryImported(entry: EntryRecord): boolean {
    return this.#statements.imported.get(entry.path, entry.fingerprint, entry.context) !== undefined;
  }

  /**
   * Day files in one transaction, each with the record that it was imported: a
   * crash leaves either all of the group or none of it, and a re-run redoes
   * exactly what is missing. Grouping keeps commits (the costly part) rare.
   * Messages whose source is unchanged are left alone; the others are indexed
   * (or queued for the search engine) in the same transaction, so the index
   * can never miss one.
   */
  writeDayFiles(dayFiles: readonly DayFileWrite[]): DayFileOutcome[] {
    let index: ImportIndexWriter | null = null;
    const write = this.#db.transaction(() => {
      index = this.#searchIndex?.writer() ?? null;
      const outcomes = dayFiles.map((dayFile) => this.#writeDayFile(dayFile, index));
      this.#flushRows();
      index?.flush();
      return outcomes;
    });
    return retryWhileBusy(() => {
      try {
        return write.immediate();
      } catch (error) {
        // Rolled back: what this writer noted as stored, buffered or staged may not be.
        this.#highest.clear();
        for (const rows of [this.#messages, this.#reactions, this.#files]) rows.discard();
        (index as ImportIndexWriter | null)?.discard();
        throw error;
      }
    });
  }

  #flushRows(): void {
    this.#messages.flush();
    this.#reactions.flush();
    this.#files.flush();
  }

  /** Stored messages of the channel between low and high, by ts; none when the range lies above all of them. */
  #known(channelId: string, low: string, high: string): Map<string, SqlValue> | undefined {
    const s = this.#statements;
    let highest = this.#highest.get(channelId);
    if (highest === undefined) {
      highest = (s.highest.get(channelId) as [string | null])[0];
      this.#highest.set(channelId, highest);
    }
    // A new export is imported oldest day first: on a first load every day file lands here.
    if (highest === null || low > highest) return undefined;
    this.#flushRows();
    const known = new Map<string, SqlValue>();
    for (const [ts, hash] of s.known.all(channelId, low, high) as [string, string][]) known.set(ts, hash);
    return known;
  }

  #writeDayFile({ channelId, packed, entry, record }: DayFileWrite, index: ImportIndexWriter | null): DayFileOutcome {
    const s = this.#statements;
    const { values } = packed;
    const known = packed.low !== null && packed.high !== null ? this.#known(channelId, packed.low, packed.high) : undefined;
    const row = this.#row;
    const messageWidth = MESSAGE_COLUMNS.length;
    const reactionWidth = REACTION_COLUMNS.length;
    const fileWidth = FILE_COLUMNS.length;
    row[0] = channelId;
    const entryWidth = this.#entryWidth;
    let written = 0;
    let indexed = 0;
    let queued = 0;
    let highest = this.#highest.get(channelId) ?? null;
    const seen = this.#seen.forChannel(channelId);
    const replaced: Skipped[] = [];
    for (let at = 0; at < values.length; ) {
      const ts = values[at + TS_AT] as string;
      const entryAt = at + messageWidth;
      const countsAt = entryAt + entryWidth;
      const reactionCount = values[countsAt] as number;
      const fileCount = values[countsAt + 1] as number;
      const rowStart = at;
      at = countsAt + 2 + reactionCount * reactionWidth + fileCount * fileWidth;
      const previous = known?.get(ts);
      const seenBefore = seen.add(ts);
      if (previous !== undefined && previous === values[rowStart + SOURCE_HASH_AT]) continue;
      written += 1;
      if (previous !== undefined) {
        this.#flushRows();
        // Written by an earlier day file of this same import: two messages under one ts. The later one
        // stays (a resumed import ends the same way), and the earlier one is named with both texts.
        if (seenBefore) replaced.push(replacedMessage(entry.path, ts, (s.storedText.get(channelId, ts) as [string] | undefined)?.[0], values[rowStart + TEXT_AT]));
        s.deleteReactions.run(channelId, ts);
        s.deleteFiles.run(channelId, ts);
      }
      for (let i = 0; i < messageWidth; i++) row[i + 1] = values[rowStart + i]!;
      this.#messages.add(row);
      row[1] = ts;
      let from = countsAt + 2;
      for (let r = 0; r < reactionCount; r++, from += reactionWidth) {
        for (let i = 0; i < reactionWidth; i++) row[i + 2] = values[from + i]!;
        this.#reactions.add(row);
      }
      for (let f = 0; f < fileCount; f++, from += fileWidth) {
        for (let i = 0; i < fileWidth; i++) row[i + 2] = values[from + i]!;
        this.#files.add(row);
      }
      if (!index) {
        s.queueForSearch.run(channelId, ts);
        queued += 1;
      } else if (values[entryAt] !== null) {
        index.put(channelId, ts, values, entryAt, previous !== undefined);
        indexed += 1;
      } else if (previous !== undefined) index.remove(channelId, ts);
      if (highest === null || ts > highest) highest = ts;
    }
    this.#highest.set(channelId, highest);
    // Also moves the content version (a trigger on channels), in this commit: a page tagged before it is rendered again.
    if (written > 0) s.markDirty.run(channelId);
    const folder = entry.path.slice(0, entry.path.lastIndexOf('/') + 1);
    if (replaced.length > 0 && !this.#unrecorded.has(folder)) {
      this.#unrecorded.add(folder);
      s.forgetFolder.run(folder.length, folder);
    }
    if (record && !this.#unrecorded.has(folder)) s.recordEntry.run(entry.path, entry.fingerprint, entry.context);
    return { written, unchanged: packed.messages - written, indexed, queued, replaced };
  }

  close(): void {
    this.#db.close();
  }
}
