import type Libsql from 'libsql';
import { firstValue } from '../../db/first-value.ts';

/**
 * search_terms counts, kept true. Adding a message adds its words' counts as
 * it is indexed; removing or replacing one cannot take them off (the index is
 * contentless: the old words are gone), so the writer notes that counts went
 * stale, and the sync that ends an import recounts every word from the index
 * itself (fts5vocab, which skips removed rows): about 0.7 s of CPU at 1M
 * messages, and only after an import or a sync that removed something.
 * Without it, counts would only grow with every edit, typo corrections would
 * offer words no message holds, and the ranking cost model would overestimate.
 */
export function createTermCountTables(db: Libsql.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS search_terms_state (id INTEGER PRIMARY KEY CHECK (id = 1), stale INTEGER NOT NULL);
    INSERT OR IGNORE INTO search_terms_state (id, stale) VALUES (1, 0);`);
}

/** What an index writer runs when it removes an entry: its words' counts are now too high. */
export const MARK_TERMS_STALE_SQL = 'UPDATE search_terms_state SET stale = 1 WHERE stale = 0';

export function termCountsStale(db: Libsql.Database): boolean {
  return Number(firstValue(db.prepare('SELECT stale FROM search_terms_state')) ?? 0) === 1;
}

/** Recounts every word of the live index's text column, in one transaction: a concurrent write waits for it. */
export function recountTerms(db: Libsql.Database): number {
  db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocab USING fts5vocab(main, search_fts, 'col')");
  const words = db.transaction(() => {
    db.exec(`
      DELETE FROM search_terms;
      INSERT INTO search_terms (term, docs) SELECT term, doc FROM temp.search_vocab WHERE col = 'body' AND doc > 0;
      UPDATE search_terms_state SET stale = 0;`);
    return Number(firstValue(db.prepare('SELECT count(*) FROM search_terms')) ?? 0);
  }).immediate();
  // Dropped at once: it names the live table, which a reindex replaces.
  db.exec('DROP TABLE IF EXISTS temp.search_vocab');
  return words;
}
