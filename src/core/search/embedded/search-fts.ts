import type Libsql from 'libsql';
import { firstValue } from '../../db/first-value.ts';
import { buildSnippet, type WordMatcher } from '../highlight.ts';
import { MAX_COUNTED, type FacetCount, type SearchFacets, type SearchHit, type SearchRequest, type SearchResults } from '../port.ts';
import { requiredTerms } from '../word-forms.ts';
import { BM25, matchExpression, type AccessClause, type TermWithVariants } from './match-expression.ts';
import { searchIdAtMs } from './search-id.ts';
import { anyWordTier } from './any-word-tier.ts';
import { proximityTiers } from './proximity-tier.ts';
import { formsMatcher, formsTier, queryForms } from './term-forms.ts';
import type { Tier } from './tier.ts';
import { MIN_TYPO_LENGTH, typoVariants } from './typo-variants.ts';

/**
 * What keeps every search fast, measured at 1M messages (see bench/search.ts):
 * bm25 costs a pass over each ranked word's whole document list plus a score
 * per match, so it ranks only up to RANK_UP_TO matches, and only with words in
 * at most RARE_UP_TO documents; otherwise the results come newest first and
 * say they are partial. Filters and access are never ranked: they only select.
 *
 * Matches come in two tiers, as Meilisearch's `typo` and `exactness` rules
 * order them: messages holding every word as typed (whole words) first, then
 * those found only through a typo or a prefix. Each tier is ranked on its own,
 * so a rare misspelling never outranks the word itself, and the thresholds
 * apply to the exact tier alone: typo variants no longer push a search past them.
 */
const RANK_UP_TO = 5_000;
const RARE_UP_TO = 50_000;
/** Facets count every match up to this many, else the newest this many (each costs a row lookup). */
const FACET_UP_TO = 500;
/** Corrections kept per word, the most frequent first. */
const MAX_VARIANTS = 8;
const FACET_VALUES = 10;

const NO_RESULTS: SearchResults = { hits: [], total: 0, facets: { channels: [], people: [], years: [] }, partial: false };

export interface SearchFts {
  search(request: SearchRequest): SearchResults;
}

/** Queries over the live index tables. */
export function searchFts(db: Libsql.Database): SearchFts {
  // Prepared once per text: a search runs five or six statements, and preparing FTS5 ones is not free.
  const prepared = new Map<string, Libsql.Statement>();
  const statement = (sql: string) => prepared.get(sql) ?? prepared.set(sql, db.prepare(sql)).get(sql)!;
  const allChannels = db.prepare('SELECT id FROM channels').pluck();
  const termDocs = db.prepare('SELECT docs FROM search_terms WHERE term = ?');
  const prefixDocs = db.prepare('SELECT coalesce(sum(docs), 0) FROM search_terms WHERE term >= ? AND term < ?');
  const knownTerms = (count: number) => statement(`SELECT term FROM search_terms WHERE term IN (${Array(count).fill('?').join(', ')}) ORDER BY docs DESC LIMIT ${MAX_VARIANTS}`).pluck();

  function withVariants(request: SearchRequest): TermWithVariants[] {
    // Stop words are not required (word-forms.ts); a quoted phrase keeps them.
    return requiredTerms(request.terms).map((term) => {
      const word = term.words[0]!;
      const forms = queryForms(term);
      if (term.exact || term.prefix || term.words.length !== 1 || [...word].length < MIN_TYPO_LENGTH) return { ...term, variants: [], forms };
      const candidates = typoVariants(word);
      return { ...term, variants: candidates.length === 0 ? [] : (knownTerms(candidates.length).all(...candidates) as string[]), forms };
    });
  }

  /** In how many documents a term's rarest word occurs (a phrase is no more frequent than its rarest word). */
  function documentsWith(term: TermWithVariants): number {
    const counts = term.words.map((word, index) => {
      if (term.prefix && index === term.words.length - 1) return Number(firstValue(prefixDocs, word, `${word}\u{10FFFF}`) ?? 0);
      return Number(firstValue(termDocs, word) ?? 0);
    });
    const variants = term.variants.reduce((sum, variant) => sum + Number(firstValue(termDocs, variant) ?? 0), 0);
    return Math.min(...counts) + variants;
  }

  /** The shorter way to say what the reader may read: the readable list, or the list of the others. */
  function accessClause(request: SearchRequest): AccessClause {
    // `in:` is already limited to readable channels: it says everything.
    if (request.channelIds) return null;
    // A date range alone selects by rowid only: FTS5 needs something to match, and the readable channels are it.
    if (request.terms.length === 0 && !request.authorIds && request.has.length === 0 && !request.isThread) return { only: request.readableChannelIds };
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
      const dated = request.fromMs !== null || request.toMs !== null;
      const access = accessClause(request);
      const expressionOf = (tierTerms: readonly TermWithVariants[]) => matchExpression({ ...request, terms: tierTerms, dated, access });
      const expression = expressionOf(terms);
      if (expression === null) return NO_RESULTS;

      const from = request.fromMs === null ? 0 : searchIdAtMs(request.fromMs);
      const to = request.toMs === null ? Number.MAX_SAFE_INTEGER : searchIdAtMs(request.toMs);
      const where = 'search_fts MATCH ? AND rowid >= ? AND rowid < ?';
      // Counting stops where Meilisearch's does: past it, the page says "10,000+".
      const count = (tierExpression: string) => Number(firstValue(statement(`SELECT count(*) FROM (SELECT rowid FROM search_fts WHERE ${where} LIMIT ?)`), tierExpression, from, to, MAX_COUNTED));
      const rankable = (tierTerms: readonly TermWithVariants[], matches: number) => matches <= RANK_UP_TO && tierTerms.every((term) => documentsWith(term) <= RARE_UP_TO);
      const relevance = request.sort === 'relevance' && terms.length > 0;

      // The matches in the order pages list them, tier after tier; each tier holds none of the earlier ones.
      const tiers: Tier[] = [];
      let complete = count(expression);
      if (!relevance) tiers.push({ expression, terms, count: complete, ranked: false });
      else {
        // Exact tier: every word whole and as typed. Forms tier (term-forms.ts): the matches found only through another
        // form of a word or a reply's thread. Loose tier: the matches found only through a typo or a prefix.
        const strictTerms = terms.map((term) => ({ ...term, prefix: false, variants: [], forms: null }));
        const loose = terms.some((term) => term.prefix || term.variants.length > 0 || term.forms);
        const exactExpression = loose ? expressionOf(strictTerms)! : expression;
        const exactCount = loose ? count(exactExpression) : complete;
        const exactRanked = rankable(strictTerms, exactCount);
        const exact: Tier = { expression: exactExpression, terms: strictTerms, count: exactCount, ranked: exactRanked };
        tiers.push(...(proximityTiers(exact, { count, rankable }) ?? [exact]));
        const forms = formsTier(terms, exactExpression, exactCount, { expressionOf, count, rankable: (tierTerms, matches) => exactRanked && rankable(tierTerms, matches) });
        if (forms) tiers.push(forms);
        const before = forms ? forms.widest : exactExpression;
        const matchedBefore = exactCount + (forms?.count ?? 0);
        if (loose && complete > matchedBefore) {
          tiers.push({ expression: `(${expression}) NOT (${before})`, terms, count: complete - matchedBefore, ranked: exactRanked && rankable(terms, complete - matchedBefore) });
        }
      }

      // Fewer complete matches than a page: messages holding most of the words follow, the words that say least left out first.
      let left: string[] = [];
      let widest = expression;
      if (request.relax && complete < request.limit) {
        // A word no message holds says nothing at all: it goes first (a misspelling beyond typo tolerance, "cant" for "can't").
        const saysLess = new Map(terms.map((term) => [term, documentsWith(term) || Infinity]));
        const relaxable = terms.filter((term) => !term.exact && term.words.length === 1).toSorted((a, b) => saysLess.get(b)! - saysLess.get(a)!);
        let kept = terms;
        for (const dropped of relaxable.slice(0, terms.length - 1)) {
          kept = kept.filter((term) => term !== dropped);
          const wider = expressionOf(kept)!;
          const matches = count(wider);
          if (matches === complete) continue;
          // Scored by the kept words alone: bm25 over the expression would read the dropped (common) word's whole list too.
          tiers.push({ expression: `(${wider}) NOT (${widest})`, terms: kept, count: matches - complete, ranked: relevance && rankable(kept, matches - complete), byWords: true });
          left = terms.filter((term) => !kept.includes(term)).map((term) => term.words[0]!);
          widest = wider;
          complete = matches;
          if (complete >= request.limit) break;
        }
        const any = complete < request.limit && relevance ? anyWordTier(terms, relaxable, widest, { expressionOf, count, rankable }) : null;
        if (any) {
          tiers.push(any);
          left = relaxable.map((term) => term.words[0]!);
          widest = any.widest;
          complete += any.count;
        }
      }
      const total = Math.min(MAX_COUNTED, tiers.reduce((sum, tier) => sum + tier.count, 0));
      if (total === 0) return NO_RESULTS;

      // has:, is: and a list of readable channels select with long document lists, which bm25 would read
      // whole: those are ranked by the words alone (rank()). A channel's or a person's list is short enough.
      const longLists = request.has.length > 0 || request.isThread || (access !== null && 'only' in access);
      const page = (tier: Tier, offset: number, limit: number): number[] => {
        const tierArgs = [tier.expression, from, to];
        if (!tier.ranked) {
          const direction = request.sort === 'oldest' ? 'ASC' : 'DESC';
          return statement(`SELECT rowid FROM search_fts WHERE ${where} ORDER BY rowid ${direction} LIMIT ? OFFSET ?`).pluck().all(...tierArgs, limit, offset) as number[];
        }
        // bm25 over the expression itself: it scores only the matches, however common the words are elsewhere.
        // Ties (short, identical messages) go newest first, as rank() orders them, so pages never overlap.
        if (!longLists && !tier.byWords) return statement(`SELECT rowid FROM search_fts WHERE ${where} ORDER BY ${BM25}, rowid DESC LIMIT ? OFFSET ?`).pluck().all(...tierArgs, limit, offset) as number[];
        return rank(statement, tier.expression, tier.terms, from, to, tier.score).slice(offset, offset + limit);
      };
      const ids: number[] = [];
      let partial = false;
      let skip = request.offset;
      for (const tier of tiers) {
        if (ids.length >= request.limit) break;
        if (skip >= tier.count) {
          skip -= tier.count;
          continue;
        }
        ids.push(...page(tier, skip, request.limit - ids.length));
        skip = 0;
        // Without words there is nothing to rank: newest first is the whole answer, as in Meilisearch.
        partial ||= relevance && !tier.ranked;
      }

      const facetRows = statement(`SELECT d.channel_id, d.author_id, d.year FROM (SELECT rowid FROM search_fts WHERE ${where} ORDER BY rowid DESC LIMIT ?) AS f JOIN search_docs AS d ON d.id = f.rowid`)
        .raw()
        .all(widest, from, to, FACET_UP_TO) as [string, string | null, number][];
      return {
        hits: loadHits(statement, ids, readable, formsMatcher(matcherFor(terms), terms)),
        total,
        facets: countFacets(facetRows, readable),
        partial,
        ...(left.length > 0 ? { leftOut: left } : {}),
        ...(total > FACET_UP_TO ? { facetSample: FACET_UP_TO } : {}),
      };
    },
  };
}


/**
 * Every match, most relevant first. The full expression selects; bm25 scores
 * with the words alone (body column), so filters and access, which would add
 * their own long document lists to bm25's pass, select without being ranked.
 */
function rank(statement: (sql: string) => Libsql.Statement, expression: string, terms: readonly TermWithVariants[], from: number, to: number, score?: string): number[] {
  const matches = new Set(statement('SELECT rowid FROM search_fts WHERE search_fts MATCH ? AND rowid >= ? AND rowid < ?').pluck().all(expression, from, to) as number[]);
  const words = score ?? matchExpression({ terms, excluded: [], channelIds: null, authorIds: null, has: [], isThread: false, access: null })!;
  const low = Math.min(...matches);
  const high = Math.max(...matches);
  const scored = statement(`SELECT rowid, ${BM25} FROM search_fts WHERE search_fts MATCH ? AND rowid >= ? AND rowid <= ?`)
    .raw()
    .all(words, low, high) as [number, number][];
  return scored
    .filter(([id]) => matches.has(id))
    .sort((a, b) => a[1] - b[1] || b[0] - a[0])
    .map(([id]) => id);
}

function matcherFor(terms: readonly TermWithVariants[]): WordMatcher {
  const words = new Set<string>();
  const prefixes: string[] = [];
  for (const term of terms) {
    const last = term.words.length - 1;
    term.words.forEach((word, index) => (term.prefix && index === last ? prefixes.push(word) : words.add(word)));
    for (const variant of term.variants) words.add(variant);
    for (const form of term.forms ?? []) words.add(form);
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

function loadHits(statement: (sql: string) => Libsql.Statement, ids: readonly number[], readable: ReadonlySet<string>, matcherOf: (text: string) => WordMatcher): SearchHit[] {
  if (ids.length === 0) return [];
  const rows = statement(
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
    return [{ channelId: row[1], ts: row[2], snippet: buildSnippet(row[3], matcherOf(row[3])) }];
  });
}
