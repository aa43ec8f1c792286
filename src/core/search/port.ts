import type { HasFilter, SearchSort, SearchTerm } from './query.ts';
import type { ImportIndexing } from './import-indexing.ts';

/**
 * A search the engine runs: the parsed query with names resolved to ids,
 * dates to instants, and the reader's readable channels from the access policy.
 * Engines apply `readableChannelIds` to hits, totals, facets and snippets alike.
 */
export interface SearchRequest {
  terms: SearchTerm[];
  excluded: SearchTerm[];
  /** Never empty: a reader who can read nothing is not searched for. */
  readableChannelIds: readonly string[];
  /** `in:` filters, already limited to readable channels; null when absent. */
  channelIds: readonly string[] | null;
  /** `from:` filters; null when absent. */
  authorIds: readonly string[] | null;
  /** Half-open interval in milliseconds since the epoch: fromMs <= time < toMs. */
  fromMs: number | null;
  toMs: number | null;
  has: readonly HasFilter[];
  isThread: boolean;
  /** The zone the reader reads dates in (their own): year facets count calendar years there, as `during:` reads them. The community's when absent. */
  timeZone?: string;
  sort: SearchSort;
  /**
   * When fewer messages than `limit` hold every word, also list those holding
   * most of them, after the complete matches. Phrases, exclusions and filters never relax.
   */
  relax: boolean;
  offset: number;
  limit: number;
}

/** A piece of a snippet: plain text, to be escaped by whoever renders it; `match` marks what the query found. */
export interface SnippetPart {
  text: string;
  match: boolean;
}

export interface SearchHit {
  channelId: string;
  ts: string;
  snippet: SnippetPart[];
}

export interface FacetCount {
  value: string;
  count: number;
}

export interface SearchFacets {
  channels: FacetCount[];
  people: FacetCount[];
  years: FacetCount[];
}

/** Engines count matches up to this many (Meilisearch's maxTotalHits); pages show more as "10,000+". */
export const MAX_COUNTED = 10_000;

export interface SearchResults {
  hits: SearchHit[];
  /** Matches, counted up to MAX_COUNTED. */
  total: number;
  facets: SearchFacets;
  /**
   * True when the engine did not rank every match (too many to rank in time):
   * the hits are then the best among the most recent matches, and say so.
   */
  partial: boolean;
  /** Channel and people facets counted over this many of the newest matches only (too many to count in time); absent when they count every match. Years always count every match (up to MAX_COUNTED each). */
  facetSample?: number;
  /** Words some of the hits do not hold (a relaxed search), as the query's folded words; absent when every hit holds every word. */
  leftOut?: string[];
}

/** The engine cannot answer now (down, timed out, refused): readers see "search unavailable". */
export class SearchUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SearchUnavailableError';
  }
}

export interface IndexProgress {
  indexed: number;
  total: number;
}

/** One search, two engines: the embedded SQLite FTS5 index and Meilisearch. */
export interface SearchEngine {
  readonly name: 'embedded' | 'meilisearch';
  /** How an import keeps this engine's index up to date: entries written in its transactions, or the queue and a sync. */
  readonly importIndexing: ImportIndexing;
  search(request: SearchRequest): Promise<SearchResults>;
  /** Indexes what imports queued since the last call (see search_queue); returns how many messages. */
  sync(onProgress?: (progress: IndexProgress) => void): Promise<number>;
  /** Rebuilds the whole index from the archive while searches go on against the old one. */
  reindex(onProgress?: (progress: IndexProgress) => void): Promise<number>;
  close(): Promise<void>;
}
