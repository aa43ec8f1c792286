import type Libsql from 'libsql';
import type { SqlValue } from '../db/bulk-insert.ts';

/**
 * How an import keeps the configured engine's index up to date: the import
 * asks its engine (`SearchEngine.importIndexing`) and knows nothing else of it.
 *
 * - On the map workers, an engine that writes at import time prepares each
 *   searchable message's entry from the shared search document: a fixed number
 *   of SQL values (`entries.width`), which cross threads with the message.
 * - On the writer, inside each write transaction, `writer()` takes those entries,
 *   or says "queue only" (null): the messages then go to `search_queue`.
 * - Between commits, the import syncs the queue once `catchUpAfter` messages were
 *   queued since the last sync, and always once at the end.
 */
export interface ImportIndexing {
  /** What the workers prepare; null when the engine prepares nothing at import time (it reads the queue). */
  readonly entries: EntrySpec | null;
  /** Messages queued between two syncs while an import runs; Infinity syncs only at the end. */
  readonly catchUpAfter: number;
  /** Opens the index on the import's own connection to the archive database. */
  open(db: Libsql.Database): ImportIndex;
}

/**
 * Sent to the import's worker threads (structured clone): which engine prepares
 * entries, how many values each takes, and the zone its documents' years are in.
 */
export interface EntrySpec {
  engine: 'embedded';
  width: number;
  timeZone: string;
}

export interface ImportIndex {
  /** Asked inside each write transaction: where its entries go, or null to queue its messages for the next sync. */
  writer(): ImportIndexWriter | null;
}

/**
 * Entries of one transaction. Values come as the workers packed them:
 * `values[at]` to `values[at + width - 1]`, the first null when the message
 * has no entry (search leaves it out).
 */
export interface ImportIndexWriter {
  /** Indexes a written message; `replacing` when the archive held an older version of it. */
  put(channelId: string, ts: string, values: readonly SqlValue[], at: number, replacing: boolean): void;
  /** A replaced message that search now leaves out. */
  remove(channelId: string, ts: string): void;
  /** Before the commit: writes what is buffered. */
  flush(): void;
  /** After a rollback: forgets what is buffered, so a retry cannot write it twice. */
  discard(): void;
}

/** For engines that keep no index in the archive database: every written message is queued and synced. */
export function queueOnlyIndexing(catchUpAfter: number): ImportIndexing {
  return { entries: null, catchUpAfter, open: () => ({ writer: () => null }) };
}
