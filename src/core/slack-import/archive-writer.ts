import Libsql from 'libsql';
import { getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { files, messages, reactions } from '../db/schema/archive.ts';
import { importedEntries } from '../db/schema/imports.ts';
import { searchQueue } from '../db/schema/search.ts';
import type { MappedMessage } from './map-message.ts';

export interface EntryRecord {
  path: string;
  fingerprint: string;
  context: string;
}

export interface DayFileWrite {
  channelId: string;
  mapped: readonly MappedMessage[];
  entry: EntryRecord;
}

export interface DayFileOutcome {
  written: number;
  unchanged: number;
}

type Value = string | number | null;
type Row = Record<string, unknown>;

/** Column keys and SQL names of a drizzle table, minus the ones another step owns. */
function columnsOf(table: SQLiteTable, leaveOut: readonly string[] = []): [string, string][] {
  return (Object.entries(getTableColumns(table)) as [string, SQLiteColumn][])
    .filter(([key]) => !leaveOut.includes(key))
    .map(([key, column]) => [key, column.name]);
}

function insertSql(table: SQLiteTable, columns: [string, string][], conflict: string): string {
  const names = columns.map(([, name]) => name);
  return `INSERT INTO ${getTableName(table)} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')}) ${conflict}`;
}

function toArgs(row: Row, columns: [string, string][]): Value[] {
  return columns.map(([key]) => {
    const value = row[key];
    if (value === undefined || value === null) return null;
    return typeof value === 'boolean' ? Number(value) : (value as Value);
  });
}

const SQLITE_BUSY = /SQLITE_BUSY|database is locked/;

/**
 * The import's write path. It runs on libsql's synchronous binding (the engine
 * under @libsql/client, on the same file) because it writes millions of rows:
 * prepared once, each statement then costs a few microseconds, where the async
 * client re-prepares every statement and drizzle's builder doubles the cost.
 * The web server keeps reading through WAL while each day file commits.
 */
export class ArchiveWriter {
  readonly #db: Libsql.Database;
  readonly #messageColumns = columnsOf(messages, ['replyCount', 'latestReplyTs', 'rootMissing']);
  readonly #reactionColumns = columnsOf(reactions);
  readonly #fileColumns = columnsOf(files);
  readonly #statements;

  constructor(file: string) {
    this.#db = new Libsql(file);
    this.#db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000; PRAGMA cache_size = -32768');
    const updates = this.#messageColumns
      .filter(([key]) => key !== 'channelId' && key !== 'ts')
      .map(([, name]) => `${name} = excluded.${name}`)
      .join(', ');
    this.#statements = {
      known: this.#db.prepare('SELECT ts, source_hash FROM messages WHERE channel_id = ? AND ts >= ? AND ts <= ?').raw(),
      imported: this.#db.prepare('SELECT 1 FROM imported_entries WHERE path = ? AND fingerprint = ? AND context = ?').pluck(),
      upsertMessage: this.#db.prepare(insertSql(messages, this.#messageColumns, `ON CONFLICT (channel_id, ts) DO UPDATE SET ${updates}`)),
      insertReaction: this.#db.prepare(insertSql(reactions, this.#reactionColumns, '')),
      insertFile: this.#db.prepare(insertSql(files, this.#fileColumns, '')),
      deleteReactions: this.#db.prepare('DELETE FROM reactions WHERE channel_id = ? AND ts = ?'),
      deleteFiles: this.#db.prepare('DELETE FROM files WHERE channel_id = ? AND ts = ?'),
      markDirty: this.#db.prepare('UPDATE channels SET stats_dirty = 1 WHERE id = ?'),
      recordEntry: this.#db.prepare(insertSql(importedEntries, columnsOf(importedEntries), 'ON CONFLICT DO NOTHING')),
      // REPLACE gives the entry a new rowid: a reindex that started earlier knows it must keep it.
      queueForSearch: this.#db.prepare(insertSql(searchQueue, columnsOf(searchQueue), '').replace('INSERT INTO', 'INSERT OR REPLACE INTO')),
    };
  }

  isEntryImported(entry: EntryRecord): boolean {
    return this.#statements.imported.get(entry.path, entry.fingerprint, entry.context) !== undefined;
  }

  /**
   * Day files in one transaction, each with the record that it was imported: a
   * crash leaves either all of the group or none of it, and a re-run redoes
   * exactly what is missing. Grouping keeps commits (the costly part) rare.
   * Messages whose source is unchanged are left alone; the others are queued for
   * the search index in the same transaction, so the index can never miss one.
   */
  writeDayFiles(dayFiles: readonly DayFileWrite[]): DayFileOutcome[] {
    const write = this.#db.transaction(() => dayFiles.map((dayFile) => this.#writeDayFile(dayFile)));
    return this.#withBusyRetry(() => write.immediate());
  }

  #writeDayFile({ channelId, mapped, entry }: DayFileWrite): DayFileOutcome {
    const s = this.#statements;
    const known = new Map<string, string>();
    if (mapped.length > 0) {
      let low = mapped[0]!.message.ts;
      let high = low;
      for (const { message } of mapped) {
        if (message.ts < low) low = message.ts;
        if (message.ts > high) high = message.ts;
      }
      for (const [ts, hash] of s.known.all(channelId, low, high) as [string, string][]) known.set(ts, hash);
    }
    let written = 0;
    for (const item of mapped) {
      const previous = known.get(item.message.ts);
      if (previous === item.message.sourceHash) continue;
      written += 1;
      if (previous !== undefined) {
        s.deleteReactions.run(channelId, item.message.ts);
        s.deleteFiles.run(channelId, item.message.ts);
      }
      s.upsertMessage.run(toArgs(item.message, this.#messageColumns));
      for (const reaction of item.reactions) s.insertReaction.run(toArgs(reaction, this.#reactionColumns));
      for (const file of item.files) s.insertFile.run(toArgs(file, this.#fileColumns));
      s.queueForSearch.run(channelId, item.message.ts);
    }
    if (written > 0) s.markDirty.run(channelId);
    s.recordEntry.run(entry.path, entry.fingerprint, entry.context);
    return { written, unchanged: mapped.length - written };
  }

  /** Another process (the web server signing someone in) may hold the write lock for a moment. */
  #withBusyRetry<T>(work: () => T): T {
    for (let attempt = 0; ; attempt++) {
      try {
        return work();
      } catch (error) {
        if (attempt >= 50 || !SQLITE_BUSY.test(String((error as Error).message))) throw error;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20 * (attempt + 1));
      }
    }
  }

  close(): void {
    this.#db.close();
  }
}
