import type Libsql from 'libsql';
import { firstValue } from '../../db/first-value.ts';
import { BM25 } from './match-expression.ts';
import { estimateRankingMs, RANKING_BUDGET_MS, type RankingRates } from './ranking-cost.ts';

/**
 * Champion lists: for each word too frequent to rank within the budget, its
 * best CHAMPIONS_PER_WORD messages in bm25 order, computed once after each
 * import (the archive changes only then) instead of at every search.
 *
 * They answer a search for that one word exactly, filters included, as long
 * as enough of the list survives the filters: bm25 scores a single word by its
 * frequency in the message and the message's length only (the filter tokens
 * are weighed 0), so the best matches of a filtered search are the filtered
 * list, in the same order. Fewer survivors than the page needs, and the search
 * goes back to the newest matches, said to be partial.
 *
 * Every write to the index counts a change (search_champions_state.changes);
 * lists are used only while the count is the one they were built at, so a
 * list never answers for an index it was not computed from.
 */
export const CHAMPIONS_PER_WORD = 2_000;

export interface Champion {
  id: number;
  channelId: string;
  authorId: string | null;
}

/**
 * The engine's own tables (outside drizzle, as the rest of the index); created on first use.
 * A word's list is one row, its entries as JSON: saving 3.5 million entries a row each took 10 s of a 5M
 * rebuild, and reading a list back is one parse (0.3 ms for 2,000 entries).
 */
export function createChampionTables(db: Libsql.Database): void {
  // The first lists were stored an entry a row: set aside, to be built again in this form.
  if (db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'search_champions'").get() !== undefined)
    db.exec('DROP TABLE search_champions; UPDATE search_champions_state SET built_at = NULL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS search_champion_lists (term TEXT PRIMARY KEY, entries TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS search_champions_state (
      id INTEGER PRIMARY KEY CHECK (id = 1), changes INTEGER NOT NULL, built_at INTEGER, per_word INTEGER NOT NULL);
    INSERT OR IGNORE INTO search_champions_state (id, changes, built_at, per_word) VALUES (1, 0, NULL, ${CHAMPIONS_PER_WORD});`);
  // Added after the first lists were built: unknown there, so they are built again once.
  const columns = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('search_champions_state') as string[];
  if (!columns.includes('min_docs')) db.exec('ALTER TABLE search_champions_state ADD COLUMN min_docs INTEGER');
}

/** What an index writer runs with every batch it writes or removes: the lists no longer describe the index. */
export const COUNT_INDEX_CHANGE_SQL = 'UPDATE search_champions_state SET changes = changes + 1';

/** Words whose whole ranking would not fit the budget: a single word's bm25 walks its list once to count, once to score. */
export function championThreshold(rates: RankingRates, budgetMs = RANKING_BUDGET_MS): number {
  return Math.ceil(budgetMs / estimateRankingMs(rates, { listEntries: 1, matches: 1 }));
}

/**
 * Lists are built for words down to this share of the threshold. The rates are
 * measured again each time the engine opens, and a busy machine measures them
 * slower than the one that built the lists: without a margin, a word just under
 * the build's threshold is judged too slow at search time and has no list
 * (measured at 1M: lists built from 38,000 documents, « nous » at 33,590 then
 * partial). Halving the threshold takes about half as many list entries again
 * (most of a rebuild's work is in the few most frequent words).
 */
export const CHAMPION_MARGIN = 0.5;

/** The fewest documents a word has a list for: the threshold at these rates, with the margin. */
export function championMinDocs(rates: RankingRates, budgetMs = RANKING_BUDGET_MS): number {
  return Math.ceil(championThreshold(rates, budgetMs) * CHAMPION_MARGIN);
}

/**
 * Whether the lists were built from the index as it is (no write since) and
 * reach down to `minDocs`: rates measured on a larger index, or on this one
 * once it was filled (an engine opened on an empty index has only the default
 * rates), may ask for lists of less frequent words than were built.
 */
export function championsCurrent(db: Libsql.Database, minDocs: number): boolean {
  const builtFrom = firstValue(db.prepare('SELECT min_docs FROM search_champions_state'));
  return listLength(db.prepare(STATE_SQL)) !== null && builtFrom !== null && builtFrom !== undefined && Number(builtFrom) <= minDocs;
}

const STATE_SQL = 'SELECT changes, built_at, per_word FROM search_champions_state';

/** How long each word's list is, or null when the lists are not current. */
function listLength(state: Libsql.Statement): number | null {
  const row = state.raw().get() as [number, number | null, number] | undefined;
  return row !== undefined && row[0] === row[1] ? row[2] : null;
}

/** A word's list as computed: its best matches, in order, as JSON of `[id, channelId, authorId]` entries. */
export interface ChampionList {
  word: string;
  entries: string;
}

type Entry = [number, string, string | null];

/** The words that get a list, with their document counts, the most frequent first. */
export function championWords(db: Libsql.Database, minDocs: number): { word: string; docs: number }[] {
  return (db.prepare('SELECT term, docs FROM search_terms WHERE docs >= ? ORDER BY docs DESC').raw().all(minDocs) as [string, number][]).map(([word, docs]) => ({ word, docs }));
}

/** A word's best `perWord` matches, from the live index (reads only). */
export function championListOf(db: Libsql.Database, perWord = CHAMPIONS_PER_WORD): (word: string) => ChampionList {
  const best = db.prepare(
    `SELECT f.rowid, d.channel_id, d.author_id FROM
       (SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY ${BM25}, rowid DESC LIMIT ?) AS f
     JOIN search_docs AS d ON d.id = f.rowid`,
  ).raw();
  return (word) => ({ word, entries: JSON.stringify(best.all(`body : "${word.replaceAll('"', '""')}"`, perWord) as Entry[]) });
}

/** The index's change count: lists computed from now on describe the index as of this count. */
export function indexChanges(db: Libsql.Database): number {
  return Number(firstValue(db.prepare('SELECT changes FROM search_champions_state')) ?? 0);
}

export interface ChampionListsBuilt {
  changes: number;
  perWord: number;
  minDocs: number;
}

export interface ChampionListsDraft {
  add(list: ChampionList): void;
  /**
   * Swaps the lists in, in one short transaction, marked as built at `changes`:
   * a write that came in since leaves them set aside until the next rebuild.
   */
  save(built: ChampionListsBuilt): void;
}

/**
 * New lists, kept as they are computed in a table of this connection's own
 * (temporary, on disk): the live lists keep answering meanwhile, nothing else
 * sees the draft, a crash leaves nothing behind, and memory holds one list at a
 * time (all of them at once took 780 MiB at 5M messages).
 */
export function draftChampionLists(db: Libsql.Database): ChampionListsDraft {
  db.exec('PRAGMA temp_store = FILE; DROP TABLE IF EXISTS temp.champion_lists_draft; CREATE TEMP TABLE champion_lists_draft (term TEXT PRIMARY KEY, entries TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO temp.champion_lists_draft (term, entries) VALUES (?, ?)');
  return {
    add: ({ word, entries }) => void insert.run(word, entries),
    save: (built) => {
      db.transaction(() => {
        db.exec('DELETE FROM search_champion_lists; INSERT INTO search_champion_lists (term, entries) SELECT term, entries FROM temp.champion_lists_draft');
        db.prepare('UPDATE search_champions_state SET built_at = ?, per_word = ?, min_docs = ?').run(built.changes, built.perWord, built.minDocs);
      }).immediate();
      db.exec('DROP TABLE temp.champion_lists_draft');
    },
  };
}

/**
 * Computes every list from the live index (reads only: searches and writes go
 * on meanwhile), then swaps them in. Returns how many words have a list.
 * (champion-rebuild.ts does the same on two threads for a large index.)
 */
export function rebuildChampionLists(db: Libsql.Database, minDocs: number, perWord = CHAMPIONS_PER_WORD): number {
  const changes = indexChanges(db);
  const words = championWords(db, minDocs);
  const draft = draftChampionLists(db);
  const listOf = championListOf(db, perWord);
  for (const { word } of words) draft.add(listOf(word));
  draft.save({ changes, perWord, minDocs });
  return words.length;
}

export interface ChampionFilter {
  /** Channels the search may return (`in:` or the readable ones). */
  channels: ReadonlySet<string>;
  authors: ReadonlySet<string> | null;
  fromId: number;
  toId: number;
}

/**
 * Reads a word's list, filtered: the best matches of that word under the
 * filters, in order, or null when the word has no current list. The list
 * holds the word's best matches only: past its end it says nothing.
 */
export interface ChampionAnswer {
  champions: Champion[];
  /** The list holds every match of the word (it is shorter than the lists were built): what survives is every filtered match. */
  complete: boolean;
}

export function championReader(db: Libsql.Database): (word: string, filter: ChampionFilter) => ChampionAnswer | null {
  const list = db.prepare('SELECT entries FROM search_champion_lists WHERE term = ?').raw();
  const state = db.prepare(STATE_SQL);
  return (word, filter) => {
    const length = listLength(state);
    if (length === null) return null;
    const entries = (list.get(word) as [string] | undefined)?.[0];
    if (entries === undefined) return null;
    const rows = JSON.parse(entries) as Entry[];
    if (rows.length === 0) return null;
    const champions = rows
      .filter(([id, channelId, authorId]) => id >= filter.fromId && id < filter.toId && filter.channels.has(channelId) && (filter.authors === null || (authorId !== null && filter.authors.has(authorId))))
      .map(([id, channelId, authorId]) => ({ id, channelId, authorId }));
    return { champions, complete: rows.length < length };
  };
}
