import type Libsql from 'libsql';
import { BULK_ROWS, BulkInsert, type SqlValue } from '../../db/bulk-insert.ts';
import type { MessageKey } from '../documents.ts';
import { firstValue } from '../../db/first-value.ts';
import { COUNT_INDEX_CHANGE_SQL } from './champion-lists.ts';
import type { IndexEntry } from './index-entry.ts';
import { MARK_TERMS_STALE_SQL } from './term-counts.ts';
import { baseSearchId } from './search-id.ts';
import { ThreadContext } from './thread-context.ts';
import { ChannelContext, withChannel, withChannelLength } from './channel-context.ts';

type Staged = { id: number; entry: IndexEntry; mayExist: boolean };

/**
 * Writes entries into one set of index tables (the live ones, or a reindex's
 * fresh copy). Entries are staged, then written in id order by `flush`, which
 * must run before the transaction commits: FTS5 keeps adding to its in-memory
 * segment only while rowids grow (out of order, it writes a segment to disk
 * each time), and search_docs then grows at its end instead of splitting pages.
 * Word counts commit with the entries they count.
 */
export class IndexWriter {
  readonly #statements;
  readonly #docs: BulkInsert;
  readonly #fts: BulkInsert;
  readonly #terms: BulkInsert;
  readonly #staged: Staged[] = [];
  readonly #threads: ThreadContext;
  readonly #channels: ChannelContext;

  constructor(db: Libsql.Database, suffix = '') {
    this.#statements = {
      findByKey: db.prepare(`SELECT id FROM search_docs${suffix} WHERE channel_id = ? AND ts = ?`),
      insertDoc: db.prepare(`INSERT INTO search_docs${suffix} (id, channel_id, ts, author_id, year) VALUES (?, ?, ?, ?, ?)`),
      deleteDoc: db.prepare(`DELETE FROM search_docs${suffix} WHERE id = ?`),
      deleteFts: db.prepare(`DELETE FROM search_fts${suffix} WHERE rowid = ?`),
      // Champion lists describe the index they were built from: any write makes them wait for their rebuild.
      countChange: db.prepare(COUNT_INDEX_CHANGE_SQL),
      // The removed entry's words are still counted: the next sync recounts them.
      markTermsStale: db.prepare(MARK_TERMS_STALE_SQL),
    };
    this.#docs = new BulkInsert(db, `INSERT OR IGNORE INTO search_docs${suffix} (id, channel_id, ts, author_id, year)`, 5);
    this.#fts = new BulkInsert(db, `INSERT INTO search_fts${suffix} (rowid, body, meta, forms, context)`, 5);
    this.#threads = new ThreadContext(db);
    this.#channels = new ChannelContext(db);
    this.#terms = new BulkInsert(db, `INSERT INTO search_terms${suffix} (term, docs)`, 2, 'ON CONFLICT (term) DO UPDATE SET docs = docs + excluded.docs');
  }

  /** Removes, adds and counts in one go: what a sync or a reindex (into empty tables: `mayExist` false) does with a batch. */
  write(entries: readonly IndexEntry[], removed: readonly MessageKey[], mayExist = true): void {
    try {
      for (const key of removed) this.remove(key);
      for (const entry of entries) this.stage(entry, mayExist);
      this.flush();
    } catch (error) {
      // Its transaction rolls back; a retry of the batch must not find these rows still buffered.
      this.discard();
      throw error;
    }
  }

  /** Indexes a message at the next flush; `mayExist: false` (a message the archive did not hold) skips looking for an older entry. */
  stage(entry: IndexEntry, mayExist: boolean): void {
    this.#threads.remember(entry);
    this.#staged.push({ id: baseSearchId(entry.ts), entry, mayExist });
  }

  remove(key: MessageKey): void {
    // A row still buffered could be the one to remove.
    this.#fts.flush();
    const id = firstValue<number>(this.#statements.findByKey, key.channelId, key.ts);
    if (id === undefined) return;
    this.#statements.deleteFts.run(id);
    this.#statements.deleteDoc.run(id);
    this.#statements.countChange.run();
    this.#statements.markTermsStale.run();
  }

  /** Writes what was staged, oldest first, and adds its words to search_terms. */
  flush(): void {
    const staged = this.#staged.splice(0).sort((a, b) => a.id - b.id);
    if (staged.length > 0) this.#statements.countChange.run();
    // Messages of several channels at the same instant take the next ids, in the order they came.
    for (let i = 1; i < staged.length; i++) staged[i]!.id = Math.max(staged[i]!.id, staged[i - 1]!.id + 1);
    this.#channels.forget();
    for (let from = 0; from < staged.length; from += BULK_ROWS) this.#insertChunk(staged.slice(from, from + BULK_ROWS));
    this.#fts.flush();
    const terms = new Map<string, number>();
    for (const { entry } of staged) {
      if (entry.terms !== '') for (const term of entry.terms.split(' ')) terms.set(term, (terms.get(term) ?? 0) + 1);
    }
    // Removals cannot take counts off (the index is contentless): they mark them stale for a recount (term-counts.ts).
    const pair: SqlValue[] = ['', 0];
    for (const [term, docs] of terms) {
      pair[0] = term;
      pair[1] = docs;
      this.#terms.add(pair);
    }
    this.#terms.flush();
  }

  /** Forgets what was staged for a transaction that rolled back. */
  discard(): void {
    this.#staged.length = 0;
    this.#fts.discard();
    this.#terms.discard();
  }

  /**
   * Documents under the first free id from their message's instant: another
   * channel rarely shares it, so the chunk goes in at once and only the
   * entries that found their id taken look further.
   */
  #insertChunk(chunk: readonly Staged[]): void {
    const values: SqlValue[] = [];
    for (const { id, entry, mayExist } of chunk) {
      if (mayExist) this.remove(entry);
      values.push(id, entry.channelId, entry.ts, entry.authorId, entry.year);
    }
    const inserted = this.#docs.run(values, chunk.length);
    for (const staged of chunk) {
      let id = staged.id;
      if (inserted < chunk.length && !this.#holds(id, staged.entry)) id = this.#insertDoc(id + 1, staged.entry);
      const { entry } = staged;
      const thread = entry.rootTs === null || entry.context !== '' ? entry.context : this.#threads.of(entry.channelId, entry.rootTs);
      const channel = this.#channels.of(entry.channelId);
      this.#fts.add([id, entry.body, withChannelLength(entry.meta, channel), entry.forms, withChannel(thread, channel)]);
    }
  }

  #holds(id: number, key: MessageKey): boolean {
    return firstValue<number>(this.#statements.findByKey, key.channelId, key.ts) === id;
  }

  #insertDoc(from: number, entry: IndexEntry): number {
    for (let id = from; ; id++) {
      try {
        this.#statements.insertDoc.run(id, entry.channelId, entry.ts, entry.authorId, entry.year);
        return id;
      } catch (error) {
        if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_PRIMARYKEY') throw error;
      }
    }
  }
}
