import Libsql from 'libsql';
import { retryWhileBusy } from '../../db/busy-retry.ts';
import { firstValue } from '../../db/first-value.ts';
import type { Logger } from '../../log.ts';
import {
  ALL_DOCUMENTS_SQL,
  COUNT_DOCUMENTS_SQL,
  QUEUED_DOCUMENTS_SQL,
  toDocument,
  toQueuedBatch,
  yearIn,
  type DocumentRow,
  type QueuedRow,
} from '../documents.ts';
import type { IndexProgress, SearchEngine, SearchRequest, SearchResults } from '../port.ts';
import { embeddedImportIndexing } from './import-indexing.ts';
import { createIndexTables, dropIndexTables, REBUILD_SUFFIX, REBUILD_UNDER_WAY, rebuildingCheck, swapIndexTables } from './index-tables.ts';
import { indexEntryOf } from './index-entry.ts';
import { IndexWriter } from './index-writer.ts';
import { championMinDocs, championsCurrent, championThreshold } from './champion-lists.ts';
import { rebuildChampionListsShared } from './champion-rebuild.ts';
import { calibrateRankingCost, type RankingRates } from './ranking-cost.ts';
import { searchFts } from './search-fts.ts';
import type { AccessLimits } from './access-plan.ts';
import { recountTerms, termCountsStale } from './term-counts.ts';

export interface EmbeddedEngineOptions {
  /** The archive's SQLite file: the index lives beside the messages. */
  file: string;
  timeZone: string;
  log?: Logger;
  /** What ranking costs; measured against the index when the engine opens if absent (tests set it). */
  rankingRates?: RankingRates;
  /** The index's page cache in this process, in MiB (64 by default): a server with several processes splits it among them. */
  cacheMiB?: number;
  /** When a search looks its reader's channels up rather than matching them (access-plan.ts); tests force either way. */
  accessLimits?: AccessLimits;
}

/** Documents per transaction: large enough to amortise commits, small enough not to hold the write lock long. */
const BATCH = 5_000;

/**
 * The embedded engine: SQLite FTS5 in the archive database, nothing to set up.
 * It runs on libsql's synchronous binding (prepared statements, no per-call
 * overhead); a search holds the event loop for a few milliseconds.
 */
export function createEmbeddedEngine(options: EmbeddedEngineOptions): SearchEngine {
  const db = new Libsql(options.file);
  // 64 MiB of page cache: SQLite's default 2 MiB holds a few dozen of the index's pages, and bm25 and
  // facets then read the same pages from the OS again at every search (measured: p50 17 → 13 ms at 1M).
  const cacheKiB = Math.round((options.cacheMiB ?? 64) * 1024);
  db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000; PRAGMA cache_size = -${cacheKiB}`);
  const year = yearIn(options.timeZone);
  if (retryWhileBusy(() => createIndexTables(db))) {
    // A new index (first use, or after another engine): everything in the archive goes in at the next sync.
    retryWhileBusy(() => db.exec('INSERT OR IGNORE INTO search_queue (channel_id, ts) SELECT channel_id, ts FROM messages'));
  }
  const measureRates = () => {
    const measured = options.rankingRates ?? calibrateRankingCost(db);
    options.log?.info({ rates: measured }, 'search ranking cost measured');
    return measured;
  };
  let rates = measureRates();
  let live = searchFts(db, { rates, timeZone: options.timeZone, accessLimits: options.accessLimits });
  /** After what changed the index (an import's sync, a reindex): the lists of the words too common to rank at search time. */
  const refreshChampionsNow = async () => {
    // Word counts first: the lists are chosen by them.
    if (retryWhileBusy(() => termCountsStale(db))) retryWhileBusy(() => recountTerms(db));
    // Lists reaching down to the words these rates cannot rank will do: built with a margin below that, they are not
    // built again for a measurement a little off the last one (rates vary some from one measurement to the next).
    if (retryWhileBusy(() => championsCurrent(db, championThreshold(rates)))) return;
    // The index changed: what ranking costs is measured on it as it now is (on an empty one, only the defaults were).
    rates = measureRates();
    live = searchFts(db, { rates, timeZone: options.timeZone, accessLimits: options.accessLimits });
    const started = performance.now();
    const { words, second } = await rebuildChampionListsShared(db, { file: options.file, minDocs: championMinDocs(rates), log: options.log });
    options.log?.info({ words, second, ms: Math.round(performance.now() - started) }, 'search champion lists rebuilt');
  };
  // One refresh at a time: a sync arriving while the lists are computed on two threads waits for them, then sees whether
  // its writes ask for another.
  let refreshing: Promise<void> = Promise.resolve();
  const refreshChampions = () => (refreshing = refreshing.catch(() => undefined).then(refreshChampionsNow));
  const rebuilding = rebuildingCheck(db);
  const dequeueUpTo = db.prepare('DELETE FROM search_queue WHERE rowid <= ?');

  /**
   * Indexes what is queued, a batch per transaction. While a reindex builds fresh
   * tables it stops, in the transaction that would have written: the rebuild may
   * already have read past what is queued, and takes the queue after its swap.
   */
  const syncQueue = (onProgress?: (progress: IndexProgress) => void): number => {
    const total = Number(firstValue(db.prepare('SELECT count(*) FROM search_queue')));
    const queued = db.prepare(QUEUED_DOCUMENTS_SQL);
    const writer = new IndexWriter(db);
    let stopped = false;
    const step = db.transaction(() => {
      stopped = rebuilding();
      if (stopped) return 0;
      const rows = queued.all(BATCH) as QueuedRow[];
      if (rows.length === 0) return 0;
      const batch = toQueuedBatch(rows, year);
      writer.write(batch.documents.map(indexEntryOf), batch.removed);
      // Rows come in rowid order inside this transaction: everything up to the last one is done.
      dequeueUpTo.run(batch.queueIds.at(-1)!);
      return rows.length;
    });
    const indexed = runBatches(() => step.immediate(), total, onProgress);
    if (stopped) throw new Error(REBUILD_UNDER_WAY);
    return indexed;
  };

  return {
    name: 'embedded',
    importIndexing: embeddedImportIndexing(options.timeZone),

    async search(request: SearchRequest): Promise<SearchResults> {
      return live.search(request);
    },

    async sync(onProgress?: (progress: IndexProgress) => void): Promise<number> {
      const indexed = syncQueue(onProgress);
      await refreshChampions();
      return indexed;
    },

    async reindex(onProgress?: (progress: IndexProgress) => void): Promise<number> {
      retryWhileBusy(() => dropIndexTables(db, REBUILD_SUFFIX));
      retryWhileBusy(() => createIndexTables(db, REBUILD_SUFFIX));
      const mark = Number(firstValue(db.prepare('SELECT coalesce(max(rowid), 0) FROM search_queue')));
      const total = Number(firstValue(db.prepare(COUNT_DOCUMENTS_SQL)));
      const page = db.prepare(ALL_DOCUMENTS_SQL);
      const writer = new IndexWriter(db, REBUILD_SUFFIX);
      let after: [string, string] = ['', ''];
      // Each page commits on its own: the web server keeps signing people in meanwhile.
      const step = db.transaction(() => {
        const rows = page.all(...after, BATCH) as DocumentRow[];
        writer.write(
          rows.map((row) => indexEntryOf(toDocument(row, year))),
          [],
          false,
        );
        if (rows.length > 0) after = [rows.at(-1)!.channel_id, rows.at(-1)!.ts];
        return rows.length;
      });
      const indexed = runBatches(() => step.immediate(), total, onProgress);
      retryWhileBusy(() => {
        swapIndexTables(db, REBUILD_SUFFIX);
        // What was queued before the rebuild read the archive is in it.
        dequeueUpTo.run(mark);
      });
      live = searchFts(db, { rates, timeZone: options.timeZone, accessLimits: options.accessLimits });
      // Written meanwhile (imports queue while a rebuild runs): indexed now, into the new tables.
      const caughtUp = syncQueue();
      await refreshChampions();
      return indexed + caughtUp;
    },

    async close(): Promise<void> {
      // A rebuild under way drafts on this connection between two awaits: it ends first.
      await refreshing.catch(() => undefined);
      db.close();
    },
  };
}

/** Commits one batch at a time (each its own transaction) until a batch finds nothing left. */
function runBatches(batch: () => number, total: number, onProgress?: (progress: IndexProgress) => void): number {
  let indexed = 0;
  for (;;) {
    const done = retryWhileBusy(batch);
    if (done === 0) return indexed;
    indexed += done;
    onProgress?.({ indexed, total: Math.max(total, indexed) });
  }
}
