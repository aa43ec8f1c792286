import type Libsql from 'libsql';
import { firstValue } from '../../db/first-value.ts';
import { renamedMentionsSql, withRenamedMentions } from '../documents.ts';
import { buildSnippet, type WordMatcher } from '../highlight.ts';
import { MAX_COUNTED, type FacetCount, type SearchFacets, type SearchHit, type SearchRequest, type SearchResults } from '../port.ts';
import { requiredTerms } from '../word-forms.ts';
import { BM25, matchExpression, type TermWithVariants } from './match-expression.ts';
import { accessPlan, shareOfMessages, type AccessLimits } from './access-plan.ts';
import { msAtSearchId, searchIdAtMs } from './search-id.ts';
import { countBetween, countByYear, yearSpans } from '../year-spans.ts';
import { anyWordTier } from './any-word-tier.ts';
import { proximityTiers } from './proximity-tier.ts';
import { formsMatcher, formsTier, queryForms } from './term-forms.ts';
import type { Tier } from './tier.ts';
import { MIN_TYPO_LENGTH, typoVariants } from './typo-variants.ts';
import { championReader } from './champion-lists.ts';
import { FACETS_EXACT_UP_TO, facetRowsReader } from './facet-rows.ts';
import { rankSmallTiersHere, smallSetRanker, type SmallSetRanker } from './small-set-ranking.ts';
import { calibrateRankingCost, estimateRankingMs, filterListEntries, RANKING_BUDGET_MS, type RankingRates } from './ranking-cost.ts';

/**
 * What keeps every search fast (see bench/search.ts): a tier of matches is
 * ranked when ranking it fits RANKING_BUDGET_MS by the cost model of
 * ranking-cost.ts (bm25 walks each of its phrases' whole document lists, then
 * scores each match), with rates measured on this machine when the engine
 * opens; otherwise its results come newest first and say they are partial.
 * Filters and access are never ranked: they only select.
 *
 * Matches come in two tiers, as Meilisearch's `typo` and `exactness` rules
 * order them: messages holding every word as typed (whole words) first, then
 * those found only through a typo or a prefix. Each tier is ranked on its own,
 * so a rare misspelling never outranks the word itself, and each tier's cost
 * is its own: typo variants never push the exact tier past the budget.
 */
/** Past FACETS_EXACT_UP_TO matches, channel and people facets count the newest this many (each costs a row lookup). */
const FACET_UP_TO = 500;
/** Corrections kept per word, the most frequent first. */
const MAX_VARIANTS = 8;
const FACET_VALUES = 10;

const NO_RESULTS: SearchResults = { hits: [], total: 0, facets: { channels: [], people: [], years: [] }, partial: false };

export interface SearchFts {
  search(request: SearchRequest): SearchResults;
}

export interface SearchFtsOptions {
  /** The community's time zone: years are read there when a request names no zone of its own. */
  timeZone?: string;
  /** What ranking costs on this machine; measured against the live index when absent. */
  rates?: RankingRates;
  /** The time a tier's ranking may take; RANKING_BUDGET_MS when absent. */
  budgetMs?: number;
  /** When access is looked up rather than matched; ACCESS_LIMITS when absent (tests force either way). */
  accessLimits?: AccessLimits;
}

/** Queries over the live index tables. */
export function searchFts(db: Libsql.Database, options: SearchFtsOptions = {}): SearchFts {
  const rates = options.rates ?? calibrateRankingCost(db);
  const budgetMs = options.budgetMs ?? RANKING_BUDGET_MS;
  // Prepared once per text: a search runs five or six statements, and preparing FTS5 ones is not free.
  const prepared = new Map<string, Libsql.Statement>();
  const statement = (sql: string) => prepared.get(sql) ?? prepared.set(sql, db.prepare(sql)).get(sql)!;
  const termDocs = db.prepare('SELECT docs FROM search_terms WHERE term = ?');
  const prefixDocs = db.prepare('SELECT coalesce(sum(docs), 0) FROM search_terms WHERE term >= ? AND term < ?');
  const champions = championReader(db);
  const facetRowsOf = facetRowsReader(db);
  /** Prepared at its first use: it reads FTS5's own tables, which a reindex replaces with the live ones it then opens anew. */
  let rankHere: SmallSetRanker | null = null;
  const channelMessages = db.prepare('SELECT id, message_count FROM channels').raw();
  // Two subqueries: SQLite answers a lone min() or max() from the index, but scans the table for both at once.
  const idSpan = db.prepare('SELECT (SELECT min(id) FROM search_docs), (SELECT max(id) FROM search_docs)').raw();
  /** The share of the archive's time a date range covers: matches spread over time, so about that share of them fall in it. */
  const dateShare = (from: number, to: number): number => {
    const [low, high] = idSpan.get() as [number | null, number | null];
    if (low === null || high === null || high <= low) return 1;
    return Math.min(1, Math.max(0, (Math.min(to, high + 1) - Math.max(from, low)) / (high + 1 - low)));
  };
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

  /** The document-list entries bm25 walks to count a term's documents: every word of a phrase, every variant. */
  function listEntriesOf(term: TermWithVariants): number {
    const words = term.words.reduce((sum, word, index) => sum + Number((term.prefix && index === term.words.length - 1 ? firstValue(prefixDocs, word, `${word}\u{10FFFF}`) : firstValue(termDocs, word)) ?? 0), 0);
    return words + term.variants.reduce((sum, variant) => sum + Number(firstValue(termDocs, variant) ?? 0), 0);
  }

  return {
    search(request) {
      const readable = new Set(request.readableChannelIds);
      if (readable.size === 0) return NO_RESULTS;
      const terms = withVariants(request);
      const dated = request.fromMs !== null || request.toMs !== null;
      const messagesIn = new Map(channelMessages.all() as [string, number][]);
      // `in:` is already limited to readable channels: it says everything. A date range alone selects by rowid only.
      const { clause: access, lookup } = request.channelIds
        ? { clause: null, lookup: null }
        : accessPlan({ readable, messagesIn, matchesOtherwise: request.terms.length > 0 || request.authorIds !== null || request.has.length > 0 || request.isThread }, options.accessLimits);
      const expressionOf = (tierTerms: readonly TermWithVariants[]) => matchExpression({ ...request, terms: tierTerms, dated, access });
      const expression = expressionOf(terms);
      if (expression === null) return NO_RESULTS;
      // Every word whole and as typed: a part of every match, whatever tier or relaxed word finds the rest.
      const strictTerms = terms.map((term) => ({ ...term, prefix: false, variants: [], forms: null }));
      const strictExpression = expressionOf(strictTerms)!;
      /** About how many messages this search may reach hold the words as typed (their rarest word's count), read once if asked. */
      let strictDocuments: number | undefined;
      const strictDocs = () => (strictDocuments ??= Math.min(...strictTerms.map(documentsWith)) * shareOfMessages(request.channelIds ?? readable, messagesIn));

      const from = request.fromMs === null ? 0 : searchIdAtMs(request.fromMs);
      const to = request.toMs === null ? Number.MAX_SAFE_INTEGER : searchIdAtMs(request.toMs);
      const where = `search_fts MATCH ? AND rowid >= ? AND rowid < ?${lookup ? ' AND (SELECT channel_id FROM search_docs WHERE id = search_fts.rowid) IN (SELECT value FROM json_each(?))' : ''}`;
      /** What follows the expression in `where`: the dates, and the channels looked up. */
      const within = (low: number, high: number) => (lookup ? [low, high, JSON.stringify(lookup)] : [low, high]);
      // Counting stops where Meilisearch's does: past it, the page says "10,000+".
      // Tiers often ask again for an expression already counted (the forms tier's is the whole search's when no word has typo variants).
      const counted = new Map<string, number>();
      const count = (tierExpression: string) =>
        counted.get(tierExpression) ?? counted.set(tierExpression, Number(firstValue(statement(`SELECT count(*) FROM (SELECT rowid FROM search_fts WHERE ${where} LIMIT ?)`), tierExpression, ...within(from, to), MAX_COUNTED))).get(tierExpression)!;
      // has:, is: and a list of readable channels select with long document lists, which bm25 would read
      // whole: those are ranked by the words alone (rank()). A channel's or a person's list is short enough.
      const longLists = request.has.length > 0 || request.isThread || (access !== null && 'only' in access);
      const filterEntries = filterListEntries(request.channelIds, access, messagesIn);
      const excludedEntries = request.excluded.reduce((sum, term) => sum + listEntriesOf({ ...term, variants: [] }), 0);
      const span = dated ? dateShare(from, to) : 1;
      const rankable = (tierTerms: readonly TermWithVariants[], matches: number, { byWords = false, times = 1 } = {}) => {
        const words = tierTerms.reduce((sum, term) => sum + listEntriesOf(term), 0);
        // Counted to MAX_COUNTED only: past it, as many as the rarest word's list (in the dates asked) could match.
        const known = matches < MAX_COUNTED ? matches : Math.max(matches, Math.min(...tierTerms.map(documentsWith)) * span);
        if (!byWords && !longLists) return estimateRankingMs(rates, { listEntries: times * (words + excludedEntries) + filterEntries, matches: known }) <= budgetMs;
        // rank(): every match pulled out, then bm25 over the words alone on the matches' span of ids, each score pulled out too.
        const scored = Math.max(known, Math.min(...tierTerms.map(documentsWith)) * span);
        return estimateRankingMs(rates, { listEntries: words, matches: scored, pulled: known + scored }) <= budgetMs;
      };
      const relevance = request.sort === 'relevance' && terms.length > 0;
      /** The tier's best matches from its word's champion list, when they cover the page asked for; null otherwise. */
      const championsOf = (tierTerms: readonly TermWithVariants[], matches: number): number[] | null => {
        const only = tierTerms.length === 1 ? tierTerms[0]! : null;
        if (!only || only.words.length !== 1 || only.prefix || request.excluded.length > 0 || request.has.length > 0 || request.isThread) return null;
        const found = champions(only.words[0]!, {
          channels: new Set(request.channelIds ?? request.readableChannelIds),
          authors: request.authorIds ? new Set(request.authorIds) : null,
          fromId: from,
          toId: to,
        });
        if (!found) return null;
        return found.complete || found.champions.length >= Math.min(matches, request.offset + request.limit) ? found.champions.map((champion) => champion.id) : null;
      };

      // The matches in the order pages list them, tier after tier; each tier holds none of the earlier ones.
      const tiers: Tier[] = [];
      // The matches' ids, oldest first (up to MAX_COUNTED): their count, and the years they fall in, from one pass.
      // Unless the words as typed alone already match past the count (their counts say they may, and one list says they
      // do): then so does the whole search, and reading every id of it, typos and forms included, would tell nothing more.
      const strictFull =
        strictExpression !== expression && strictDocs() * (dated ? dateShare(from, to) : 1) >= 1.5 * MAX_COUNTED && count(strictExpression) >= MAX_COUNTED;
      const matchIds = strictFull ? null : (statement(`SELECT rowid FROM search_fts WHERE ${where} ORDER BY rowid LIMIT ?`).pluck().all(expression, ...within(from, to), MAX_COUNTED) as number[]);
      /** Every match's id, when the first pass read them all (fewer than MAX_COUNTED). */
      const everyMatch = matchIds !== null && matchIds.length < MAX_COUNTED ? matchIds : null;
      let complete = matchIds?.length ?? MAX_COUNTED;
      counted.set(expression, complete);
      if (!relevance) tiers.push({ expression, terms, count: complete, ranked: false });
      else {
        // Exact tier: every word whole and as typed. Forms tier (term-forms.ts): the matches found only through another
        // form of a word or a reply's thread. Loose tier: the matches found only through a typo or a prefix.
        const loose = terms.some((term) => term.prefix || term.variants.length > 0 || term.forms);
        const exactExpression = loose ? strictExpression : expression;
        const exactCount = loose ? count(exactExpression) : complete;
        // A common word was ranked after the import: its champion list answers first (as exact as ranking now, and
        // cheaper), if enough of it survives the filters; otherwise the cost model decides.
        const answer = championsOf(strictTerms, exactCount);
        const exactRanked = answer !== null || rankable(strictTerms, exactCount);
        const exact: Tier = { expression: exactExpression, terms: strictTerms, count: exactCount, ranked: exactRanked, ...(answer ? { champions: answer } : {}) };
        // A champion list answers one word: there is no proximity to order by.
        tiers.push(...(answer ? [exact] : (proximityTiers(exact, { count, rankable }) ?? [exact])));
        // Past MAX_COUNTED exact matches, no page reaches another tier: not counted (a count walks up to that many).
        const forms = exactCount >= MAX_COUNTED ? null : formsTier(terms, exactExpression, exactCount, { expressionOf, count, rankable: (tierTerms, matches) => exactRanked && rankable(tierTerms, matches) });
        if (forms) tiers.push(forms);
        const before = forms ? forms.widest : exactExpression;
        const matchedBefore = exactCount + (forms?.count ?? 0);
        if (loose && complete > matchedBefore) {
          const looseCount = complete - matchedBefore;
          // A misspelling nothing holds, one typo from a single word (« stattistique »): its matches are that word's, in
          // that word's bm25 order, which its champion list holds when the word is too common to rank here.
          const only = terms.length === 1 && matchedBefore === 0 && terms[0]!.variants.length === 1 ? terms[0]! : null;
          const answer = only && !only.prefix && only.words.length === 1 ? championsOf([{ ...only, words: [only.variants[0]!], variants: [], forms: null }], looseCount) : null;
          // Its expression names every phrase twice (the tier, and the ones it leaves out): bm25 counts both.
          const ranked = answer !== null || (exactRanked && rankable(terms, looseCount, { times: 2 }));
          tiers.push({ expression: `(${expression}) NOT (${before})`, terms, count: looseCount, ranked, ...(answer ? { champions: answer } : {}) });
        }
      }

      // Fewer complete matches than a page: messages holding most of the words follow, the words that say least left out first.
      // Most, not any: at least half of the words stay first (Meilisearch's `frequency` goes down to one). One word
      // left of three is often the query's generic one (« switching » of « switching to protobuf 3 »): the any-word tier
      // then ranks the messages holding more of the words, and rarer ones, first (bench/relevance.ts: P@5 0.690 → 0.700 on
      // Hyperledger). Newest first, or when that tier cannot be ranked in time, words go on being left out down to one.
      let left: string[] = [];
      let widest = expression;
      if (request.relax && complete < request.limit) {
        // A word no message holds says nothing at all: it goes first (a misspelling beyond typo tolerance, "cant" for "can't").
        const saysLess = new Map(terms.map((term) => [term, documentsWith(term) || Infinity]));
        const relaxable = terms.filter((term) => !term.exact && term.words.length === 1).toSorted((a, b) => saysLess.get(b)! - saysLess.get(a)!);
        let kept = terms;
        const toLeaveOut = [...relaxable];
        /** Leaves words out, the one that says least first, until `keeping` words are left or a page is full. */
        const leaveOut = (keeping: number) => {
          while (complete < request.limit && kept.length > keeping && toLeaveOut.length > 0) {
            const dropped = toLeaveOut.shift()!;
            kept = kept.filter((term) => term !== dropped);
            const wider = expressionOf(kept)!;
            const matches = count(wider);
            if (matches === complete) continue;
            // Scored by the kept words alone: bm25 over the expression would read the dropped (common) word's whole list too.
            tiers.push({ expression: `(${wider}) NOT (${widest})`, terms: kept, count: matches - complete, ranked: relevance && rankable(kept, matches - complete, { byWords: true }), byWords: true });
            left = terms.filter((term) => !kept.includes(term)).map((term) => term.words[0]!);
            widest = wider;
            complete = matches;
          }
        };
        leaveOut(Math.ceil(terms.length / 2));
        const any = complete < request.limit && relevance ? anyWordTier(terms, relaxable, widest, { expressionOf, count, rankable }) : null;
        if (any) {
          tiers.push(any);
          left = terms.filter((term) => relaxable.includes(term)).map((term) => term.words[0]!);
          widest = any.widest;
          complete += any.count;
        } else leaveOut(1);
      }
      const total = Math.min(MAX_COUNTED, tiers.reduce((sum, tier) => sum + tier.count, 0));
      if (total === 0) return NO_RESULTS;
      if (relevance) rankSmallTiersHere(tiers, (matches) => estimateRankingMs(rates, { listEntries: 0, matches: 0, pulled: matches, scoredHere: matches }) <= budgetMs);

      const page = (tier: Tier, offset: number, limit: number): number[] => {
        const tierArgs = [tier.expression, ...within(from, to)];
        if (tier.champions) return tier.champions.slice(offset, offset + limit);
        if (tier.here) {
          const matches = tier.expression === expression && everyMatch ? everyMatch : (statement(`SELECT rowid FROM search_fts WHERE ${where}`).pluck().all(...tierArgs) as number[]);
          return (rankHere ??= smallSetRanker(db))(matches, tier.terms).slice(offset, offset + limit);
        }
        if (!tier.ranked) {
          const direction = request.sort === 'oldest' ? 'ASC' : 'DESC';
          return statement(`SELECT rowid FROM search_fts WHERE ${where} ORDER BY rowid ${direction} LIMIT ? OFFSET ?`).pluck().all(...tierArgs, limit, offset) as number[];
        }
        // bm25 over the expression itself: it scores only the matches, however common the words are elsewhere.
        // Ties (short, identical messages) go newest first, as rank() orders them, so pages never overlap.
        if (!longLists && !tier.byWords) return statement(`SELECT rowid FROM search_fts WHERE ${where} ORDER BY ${BM25}, rowid DESC LIMIT ? OFFSET ?`).pluck().all(...tierArgs, limit, offset) as number[];
        // The first pass already read this tier's every match when it is the whole search: not read twice.
        const known = tier.expression === expression ? everyMatch : null;
        return rank(statement, where, tierArgs, tier.terms, known, tier.score).slice(offset, offset + limit);
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

      // Years count every match (ids follow time: a year is a range of them), in the reader's zone.
      const [lowId, highId] = idSpan.get() as [number, number];
      const spans = yearSpans(Math.max(request.fromMs ?? -Infinity, msAtSearchId(lowId)), Math.min(request.toMs ?? Infinity, msAtSearchId(highId) + 1), request.timeZone ?? options.timeZone ?? 'UTC');
      const oldestRead = widest === expression && matchIds && matchIds.length > 0 ? matchIds : null;
      const lastRead = oldestRead ? oldestRead.at(-1)! : -1;
      const years =
        total < MAX_COUNTED
          ? countByYear(widest === expression && everyMatch ? everyMatch : (statement(`SELECT rowid FROM search_fts WHERE ${where} ORDER BY rowid`).pluck().all(widest, ...within(from, to)) as number[]), spans, searchIdAtMs)
          : spans
              .map((span) => {
                const [low, high] = [Math.max(from, searchIdAtMs(span.startMs)), Math.min(to, searchIdAtMs(span.endMs))];
                // The first pass read every match up to its last id, oldest first: the years it covers are counted from
                // its ids, and FTS5 walks only what lies past them.
                const read = oldestRead ? countBetween(oldestRead, low, Math.min(high, lastRead + 1)) : 0;
                const start = Math.max(low, lastRead + 1);
                if (start >= high || read >= MAX_COUNTED) return { value: String(span.year), count: read };
                const countIn = (yearExpression: string) =>
                  Number(firstValue(statement(`SELECT count(*) FROM (SELECT rowid FROM search_fts WHERE ${where} LIMIT ?)`), yearExpression, ...within(start, high), MAX_COUNTED - read));
                // The words as typed are a part of every match, and walk one list where the whole search walks its forms,
                // typos and relaxed words too: a year they alone fill past the count needs nothing more. Tried only
                // where their counts say they likely do (spread evenly over time), else it would be one count more.
                const likely = strictDocs() * dateShare(start, high) >= 1.5 * (MAX_COUNTED - read);
                const strict = likely && strictExpression !== widest ? countIn(strictExpression) : 0;
                return { value: String(span.year), count: read + (strict >= MAX_COUNTED - read ? strict : countIn(widest)) };
              })
              .filter((facet) => facet.count > 0)
              .reverse();
      // Channels and people: every match counted, up to FACETS_EXACT_UP_TO; past it, the newest FACET_UP_TO, and the page says so.
      const exactFacets = total <= FACETS_EXACT_UP_TO;
      // Every match's id read by the first pass, oldest first: the newest are its end, without walking FTS5's lists
      // backwards (a common word under an access list: 244 ms for 500 at 5M).
      const known = widest === expression ? everyMatch : null;
      const facetRows = (
        exactFacets
          ? known
            ? facetRowsOf(known)
            : statement(`SELECT d.channel_id, d.author_id FROM (SELECT rowid FROM search_fts WHERE ${where}) AS f JOIN search_docs AS d ON d.id = f.rowid`).raw().all(widest, ...within(from, to))
          : known
            ? facetRowsOf(known.slice(-FACET_UP_TO))
            : statement(`SELECT d.channel_id, d.author_id FROM (SELECT rowid FROM search_fts WHERE ${where} ORDER BY rowid DESC LIMIT ?) AS f JOIN search_docs AS d ON d.id = f.rowid`).raw().all(widest, ...within(from, to), FACET_UP_TO)
      ) as [string, string | null][];
      return {
        hits: loadHits(statement, ids, readable, formsMatcher(matcherFor(terms), terms)),
        total,
        facets: { ...countFacets(facetRows, readable), years },
        partial,
        ...(left.length > 0 ? { leftOut: left } : {}),
        ...(exactFacets ? {} : { facetSample: FACET_UP_TO }),
      };
    },
  };
}


/**
 * Every match, most relevant first. The full expression selects; bm25 scores
 * with the words alone (body column), so filters and access, which would add
 * their own long document lists to bm25's pass, select without being ranked.
 */
function rank(
  statement: (sql: string) => Libsql.Statement,
  where: string,
  whereArgs: readonly unknown[],
  terms: readonly TermWithVariants[],
  known: readonly number[] | null,
  score?: string,
): number[] {
  const matches = new Set(known ?? (statement(`SELECT rowid FROM search_fts WHERE ${where}`).pluck().all(...whereArgs) as number[]));
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

function countFacets(rows: readonly [string, string | null][], readable: ReadonlySet<string>): Omit<SearchFacets, 'years'> {
  const channels = new Map<string, number>();
  const people = new Map<string, number>();
  const add = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  for (const [channelId, authorId] of rows) {
    // The match already excludes unreadable channels; this keeps it true if that ever broke.
    if (!readable.has(channelId)) continue;
    add(channels, channelId);
    if (authorId) add(people, authorId);
  }
  return { channels: top(channels), people: top(people) };
}

function loadHits(statement: (sql: string) => Libsql.Statement, ids: readonly number[], readable: ReadonlySet<string>, matcherOf: (text: string) => WordMatcher): SearchHit[] {
  if (ids.length === 0) return [];
  const rows = statement(
    `SELECT d.id, d.channel_id, d.ts, m.plain, ${renamedMentionsSql('m')} FROM search_docs AS d
     JOIN messages AS m ON m.channel_id = d.channel_id AND m.ts = d.ts
     WHERE d.id IN (${ids.map(() => '?').join(', ')})`,
  )
    .raw()
    .all(...ids) as [number, string, string, string, string | null][];
  const byId = new Map(rows.map((row) => [row[0], row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row || !readable.has(row[1])) return [];
    // The words as indexed: a pseudonymised person's @mentions under the pseudonym.
    const plain = withRenamedMentions(row[3], row[4]);
    return [{ channelId: row[1], ts: row[2], snippet: buildSnippet(plain, matcherOf(plain)) }];
  });
}
