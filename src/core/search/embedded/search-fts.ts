import type Libsql from 'libsql';
import { firstValue } from '../../db/first-value.ts';
import { buildSnippet, type WordMatcher } from '../highlight.ts';
import type { FacetCount, SearchFacets, SearchHit, SearchRequest, SearchResults } from '../port.ts';
import { matchExpression, type AccessClause, type TermWithVariants } from './match-expression.ts';
import { searchIdAtMs } from './search-id.ts';
import { MIN_TYPO_LENGTH, typoVariants } from './typo-variants.ts';

/**
 * Ranking cost grows with the number of matches (bm25 scores each one). Up to
 * this many, every match is ranked; beyond, the most relevant among the newest
 * RANK_WINDOW are shown and the results say they are partial.
 */
const RANK_ALL_UP_TO = 20_000;
const RANK_WINDOW = 2_000;
/** Facets count every match up to this many, then the newest this many. */
const FACET_ALL_UP_TO = 5_000;
/** Corrections kept per word: the most frequent are not known without a count, so a few suffice. */
const MAX_VARIANTS = 8;
const FACET_VALUES = 10;

const NO_RESULTS: SearchResults = { hits: [], total: 0, facets: { channels: [], people: [], years: [] }, partial: false };

export interface SearchFts {
  search(request: SearchRequest): SearchResults;
}

/** Queries over the live index tables. */
export function searchFts(db: Libsql.Database): SearchFts {
  const allChannels = db.prepare('SELECT id FROM channels').pluck();
  const knownTerms = (count: number) => db.prepare(`SELECT term FROM search_terms WHERE term IN (${Array(count).fill('?').join(', ')})`).pluck();

  function withVariants(request: SearchRequest): TermWithVariants[] {
    return request.terms.map((term) => {
      const word = term.words[0]!;
      if (term.exact || term.prefix || term.words.length !== 1 || [...word].length < MIN_TYPO_LENGTH) return { ...term, variants: [] };
      const candidates = typoVariants(word);
      const variants = (knownTerms(candidates.length).all(...candidates) as string[]).slice(0, MAX_VARIANTS);
      return { ...term, variants };
    });
  }

  /** The shorter way to say what the reader may read: the readable list, or the list of the others. */
  function accessClause(request: SearchRequest): AccessClause {
    // `in:` is already limited to readable channels: it says everything.
    if (request.channelIds) return null;
    const readable = new Set(request.readableChannelIds);
    const others = (allChannels.all() as string[]).filter((id) => !readable.has(id));
    if (others.length === 0) return null;
    return others.length <= readable.size ? { except: others } : { only: [...readable] };
  }

  return {
    search(request) {
      const readable = new Set(request.readableChannelIds);
      if (readable.size === 0) return NO_RESULTS;
      const terms = withVariants(request);
      const expression = matchExpression({ ...request, terms, access: accessClause(request) });
      if (expression === null) return NO_RESULTS;

      const range: number[] = [request.fromMs === null ? 0 : searchIdAtMs(request.fromMs), request.toMs === null ? Number.MAX_SAFE_INTEGER : searchIdAtMs(request.toMs)];
      const where = 'search_fts MATCH ? AND rowid >= ? AND rowid < ?';
      const args = [expression, ...range];
      const total = Number(firstValue(db.prepare(`SELECT count(*) FROM search_fts WHERE ${where}`), ...args));
      if (total === 0) return NO_RESULTS;

      let ids: number[];
      let partial = false;
      const page = [request.limit, request.offset];
      if (request.sort !== 'relevance') {
        const direction = request.sort === 'newest' ? 'DESC' : 'ASC';
        ids = db.prepare(`SELECT rowid FROM search_fts WHERE ${where} ORDER BY rowid ${direction} LIMIT ? OFFSET ?`).pluck().all(...args, ...page) as number[];
      } else if (total <= RANK_ALL_UP_TO) {
        ids = db.prepare(`SELECT rowid FROM search_fts WHERE ${where} ORDER BY bm25(search_fts, 1.0, 0.0) LIMIT ? OFFSET ?`).pluck().all(...args, ...page) as number[];
      } else {
        partial = true;
        const floor = firstValue<number>(db.prepare(`SELECT rowid FROM search_fts WHERE ${where} ORDER BY rowid DESC LIMIT 1 OFFSET ?`), ...args, RANK_WINDOW - 1) ?? 0;
        ids = db
          .prepare(`SELECT rowid FROM search_fts WHERE ${where} AND rowid >= ? ORDER BY bm25(search_fts, 1.0, 0.0) LIMIT ? OFFSET ?`)
          .pluck()
          .all(...args, floor, ...page) as number[];
      }

      const facetRows = db
        .prepare(
          `SELECT d.channel_id, d.author_id, d.year FROM (SELECT rowid FROM search_fts WHERE ${where} ORDER BY rowid DESC LIMIT ?) AS f
           JOIN search_docs AS d ON d.id = f.rowid`,
        )
        .raw()
        .all(...args, FACET_ALL_UP_TO) as [string, string | null, number][];
      const facets = countFacets(facetRows, readable);

      const hits = loadHits(db, ids, readable, matcherFor(terms));
      return { hits, total, facets, partial, ...(total > FACET_ALL_UP_TO ? { facetSample: FACET_ALL_UP_TO } : {}) };
    },
  };
}

function matcherFor(terms: readonly TermWithVariants[]): WordMatcher {
  const words = new Set<string>();
  const prefixes: string[] = [];
  for (const term of terms) {
    const last = term.words.length - 1;
    term.words.forEach((word, index) => (term.prefix && index === last ? prefixes.push(word) : words.add(word)));
    for (const variant of term.variants) words.add(variant);
  }
  return { words, prefixes };
}

function top(counts: Map<string, number>): FacetCount[] {
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value))
    .slice(0, FACET_VALUES);
}

function countFacets(rows: readonly [string, string | null, number][], readable: ReadonlySet<string>): SearchFacets {
  const channels = new Map<string, number>();
  const people = new Map<string, number>();
  const years = new Map<string, number>();
  const add = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  for (const [channelId, authorId, year] of rows) {
    // The match already excludes unreadable channels; this keeps it true if that ever broke.
    if (!readable.has(channelId)) continue;
    add(channels, channelId);
    if (authorId) add(people, authorId);
    add(years, String(year));
  }
  return { channels: top(channels), people: top(people), years: [...years].map(([value, count]) => ({ value, count })).sort((a, b) => b.value.localeCompare(a.value)) };
}

function loadHits(db: Libsql.Database, ids: readonly number[], readable: ReadonlySet<string>, matcher: WordMatcher): SearchHit[] {
  if (ids.length === 0) return [];
  const rows = db
    .prepare(
      `SELECT d.id, d.channel_id, d.ts, m.plain FROM search_docs AS d
       JOIN messages AS m ON m.channel_id = d.channel_id AND m.ts = d.ts
       WHERE d.id IN (${ids.map(() => '?').join(', ')})`,
    )
    .raw()
    .all(...ids) as [number, string, string, string][];
  const byId = new Map(rows.map((row) => [row[0], row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row || !readable.has(row[1])) return [];
    return [{ channelId: row[1], ts: row[2], snippet: buildSnippet(row[3], matcher) }];
  });
}
