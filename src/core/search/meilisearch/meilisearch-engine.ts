import { randomUUID } from 'node:crypto';
import type { Client } from '@libsql/client';
import {
  Meilisearch,
  MeilisearchApiError,
  MeilisearchRequestError,
  MeilisearchRequestTimeOutError,
  MeilisearchTaskTimeOutError,
  type EnqueuedTaskPromise,
  type FacetDistribution,
  type SearchParams,
  type Settings,
  type Task,
} from 'meilisearch';
import type { Logger } from '../../log.ts';
import {
  countIndexableMessages,
  queueHighWaterMark,
  readAllDocuments,
  readQueuedDocuments,
  removeFromQueue,
  removeFromQueueUpTo,
  type MessageKey,
  type SearchDocument,
} from '../documents.ts';
import {
  SearchUnavailableError,
  type FacetCount,
  type IndexProgress,
  type SearchEngine,
  type SearchRequest,
  type SearchResults,
  type SnippetPart,
} from '../port.ts';
import { queueOnlyIndexing } from '../import-indexing.ts';
import type { SearchTerm } from '../query.ts';
import { yearSpans } from '../year-spans.ts';
import { foldWords } from '../fold.ts';
import { channelContextOf, contextOf, formsOf, requiredTerms, searchForm } from '../word-forms.ts';
import { buildFilter } from './filter.ts';

/** Messages an import queues between two syncs: the index follows a long import without a round trip per commit. */
const IMPORT_SYNC_EVERY = 50_000;

/**
 * The Meilisearch adapter (production engine). Needs Meilisearch ≥ 1.18:
 * granular filterable attributes (1.14), localizedAttributes (1.10), the
 * `rename` field of swap-indexes (1.18, required by the 0.62 client's types).
 *
 * Privacy: messages are private health-research talk. Nothing here logs a
 * query, a filter value or a document; errors thrown carry no `cause` (the
 * client's errors hold the request body), only operation, status and code.
 */

export interface MeilisearchEngineOptions {
  url: string;
  apiKey?: string;
  /** Default 'passerelle-messages'; a reindex builds `${indexName}-next` beside it. */
  indexName?: string;
  /** The community's time zone: a message's `year` facet is its calendar year there. */
  timeZone: string;
  /** The archive database (messages and search_queue). */
  client: Client;
  log?: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Per HTTP request (searches, enqueuing writes, polling a task). Default 5 s. */
  timeoutMs?: number;
  /**
   * How long one search may take in all (its requests together): past it, the
   * reader is told search is unavailable rather than left waiting. Default 1.5 s.
   */
  searchDeadlineMs?: number;
  /** How long a write task (settings, a batch of documents, a swap) may take. Default 10 min. */
  taskTimeoutMs?: number;
  /** How often a waited-for task is polled. Default 200 ms. */
  taskPollMs?: number;
  /** Documents per addDocuments call. Default 10,000. */
  batchSize?: number;
}

export interface MeilisearchEngine extends SearchEngine {
  readonly name: 'meilisearch';
  readonly indexName: string;
  /** Creates the index if missing and applies (and awaits) its settings; once per engine unless it failed. */
  ensureIndex(): Promise<void>;
}

export const DEFAULT_INDEX_NAME = 'passerelle-messages';
export const MAX_TOTAL_HITS = 10_000;
export const MAX_VALUES_PER_FACET = 1_000;
export const CROP_LENGTH = 30;
export const CROP_MARKER = '…';
export const FACETS = ['channelId', 'authorId', 'year'] as const;
/**
 * The weight, in a federated search, of the words' other forms against the words as
 * typed (1): a message holding the typed word ranks above one holding another form
 * of it unless Meilisearch scores the second far better (all words against some).
 */
export const OTHER_FORMS_WEIGHT = 0.8;

/**
 * What Meilisearch stores for one message: the shared document under an id
 * Meilisearch accepts, with the other forms of its words (`forms`) and, for a
 * reply, its thread root's words, and its channel's topic and purpose (`context`), both searched with less weight
 * than `text` (searchableAttributes order). Meilisearch has no stemming of its own.
 */
export interface MeilisearchDocument extends Omit<SearchDocument, 'rootText' | 'threadTs' | 'notice' | 'channelAbout'> {
  id: string;
  forms: string;
  context: string;
  /** 1 for a bot's post or a channel notice, 0 for a person's message: a ranking rule puts people first among equal matches. */
  notice: 0 | 1;
}

const DOCUMENT_ID = /^[A-Za-z0-9_-]{1,511}$/;

export function hasValidDocumentId(key: MessageKey): boolean {
  return (
    typeof key.channelId === 'string' && typeof key.ts === 'string' && DOCUMENT_ID.test(`${key.channelId}_${key.ts.replace(/\./g, '-')}`)
  );
}

/** `C04A2GNRL7Q` + `1612345678.000200` → `C04A2GNRL7Q_1612345678-000200`: Meilisearch ids allow only [A-Za-z0-9_-]. */
export function documentId(key: MessageKey): string {
  const id = `${key.channelId}_${key.ts.replace(/\./g, '-')}`;
  if (!DOCUMENT_ID.test(id)) throw new RangeError('a message key does not make a valid Meilisearch document id');
  return id;
}

/** A written word, with a version's dots (« v0.6 »): Meilisearch keeps one whole where letters meet digits. */
const WRITTEN_WORD = /[\p{L}\p{N}]+(?:[.,]\p{N}+)*/gu;
const LETTERS_MEET_DIGITS = /\p{L}\p{N}|\p{N}\p{L}/u;

export function toMeilisearchDocument(document: SearchDocument): MeilisearchDocument {
  const { rootText, threadTs: _threadTs, notice, channelAbout, ...rest } = document;
  const words = foldWords(document.text);
  const rootWords = rootText ? foldWords(rootText) : [];
  // Queries reach the engine folded, letters apart from digits (« covid 19 »): the forms hold such words split too.
  const split = (document.text.match(WRITTEN_WORD) ?? []).filter((written) => LETTERS_MEET_DIGITS.test(written)).map((written) => foldWords(written).join(' '));
  return {
    id: documentId(document),
    ...rest,
    forms: [...formsOf(document.text, words), ...split].join(' '),
    context: [...(rootText ? contextOf(rootWords, formsOf(rootText, rootWords)) : []), ...channelContextOf(channelAbout)].join(' '),
    notice: notice ? 1 : 0,
  };
}

const equalityOnly = { facetSearch: false, filter: { equality: true, comparison: false } };

/** Applied, and awaited, before any document reaches an index: changing most of these reindexes everything. */
export const INDEX_SETTINGS = {
  // In order of weight: the words as written, their other forms, a reply's thread (Meilisearch's `attribute` rule).
  searchableAttributes: ['text', 'forms', 'context'],
  // `text` must be displayed for `_formatted` to carry the snippet; searches retrieve only channelId and ts.
  displayedAttributes: ['channelId', 'ts', 'text'],
  filterableAttributes: [
    { attributePatterns: ['channelId', 'authorId', 'year', 'hasFile', 'hasLink', 'hasReaction', 'isThread'], features: equalityOnly },
    { attributePatterns: ['tsMs'], features: { facetSearch: false, filter: { equality: true, comparison: true } } },
  ],
  sortableAttributes: ['tsMs'],
  // Set, not left to the defaults, because the embedded engine follows the same order: every word, then fewer
  // typos (a word as typed before a misspelling of it), then proximity; exactness puts whole words before prefixes.
  // Then, among equal matches, a person's message before a bot's post or a notice, and the newest: recency only
  // breaks ties (custom ranking rules, `attribute:direction`, on numeric fields).
  rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness', 'notice:asc', 'tsMs:desc'],
  typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 }, disableOnNumbers: true },
  localizedAttributes: [{ attributePatterns: ['text'], locales: ['fra', 'eng'] }],
  pagination: { maxTotalHits: MAX_TOTAL_HITS },
  faceting: { maxValuesPerFacet: MAX_VALUES_PER_FACET, sortFacetValuesBy: { '*': 'count' } },
} satisfies Settings;

/** Quotes cannot occur in folded words; strip them anyway, and a leading '-' (the negation operator). */
function clean(word: string): string {
  return word.replace(/["\\]/g, '').replace(/^-+/, '');
}

function phrase(words: readonly string[]): string {
  return `"${words.join(' ')}"`;
}

/**
 * The `q` for a search. Meilisearch semantics relied on (documented):
 * - `"a b"` is a phrase: adjacent, in order, no typo, no prefix;
 * - `-word` and `-"a b"` exclude (negative operator, v1.8);
 * - only the last word of `q` may match as a prefix, and only when `q` does not end
 *   with a separator; so `q` ends with a space unless its last term is a prefix term.
 * Stop words are not required (word-forms.ts), and a word is searched under its stem
 * (found in `text` or `forms`), unless `asTyped`: then as typed, for a search of `text`
 * alone (see searchNow: the words as typed rank above their other forms).
 * All terms must match (`matchingStrategy: 'all'`), unless the request relaxes: then
 * `'frequency'`, which adds messages missing the most frequent words once fewer than a
 * page hold them all (it does not say which words it left out).
 *
 * Limits: one prefix term at most is honoured (the others match whole words); a
 * prefix term of several words keeps its leading words as a phrase and its last
 * word as a prefix, without requiring the two to be adjacent; an exact (quoted)
 * term is never a prefix; Meilisearch reads only the first 10 query words.
 */
export function buildQuery(terms: readonly SearchTerm[], excluded: readonly SearchTerm[], { asTyped = false } = {}): string {
  const positive = requiredTerms(terms)
    .map((term) => ({ ...term, words: term.words.map(clean).filter(Boolean) }))
    .filter((term) => term.words.length > 0)
    .map((term) => (asTyped ? term : searchedForm(term)));
  const prefixAt = positive.findLastIndex((term) => term.prefix && !term.exact);
  const ordered = prefixAt === -1 ? positive : [...positive.filter((_, at) => at !== prefixAt), positive[prefixAt]!];
  const parts: string[] = [];
  // Negatives first: a negative word at the very end would be the query's last word.
  for (const term of excluded) {
    const words = term.words.map(clean).filter(Boolean);
    if (words.length === 1 && !term.exact) parts.push(`-${words[0]}`);
    else if (words.length > 0) parts.push(`-${phrase(words)}`);
  }
  ordered.forEach((term, at) => {
    const last = at === ordered.length - 1 && prefixAt !== -1;
    if (last) {
      const lead = term.words.slice(0, -1);
      if (lead.length > 0) parts.push(phrase(lead));
      parts.push(term.words.at(-1)!);
    } else if (term.words.length === 1 && !term.exact) parts.push(term.words[0]!);
    else parts.push(phrase(term.words));
  });
  if (parts.length === 0) return '';
  return prefixAt === -1 ? `${parts.join(' ')} ` : parts.join(' ');
}

/** A single word typed without quotes is searched under its stem, which `forms` holds for all its inflections (word-forms.ts). */
function searchedForm(term: SearchTerm): SearchTerm {
  if (term.exact || term.prefix || term.words.length !== 1) return term;
  return { ...term, words: [searchForm(term.words[0]!)] };
}

/** `offset`/`limit` as `page`/`hitsPerPage` (exact totals). An offset that is not a multiple of the limit reads from page 1 and slices. */
export function pageFor(offset: number, limit: number): { page: number; hitsPerPage: number; skip: number } {
  if (limit > 0 && offset % limit === 0) return { page: offset / limit + 1, hitsPerPage: limit, skip: 0 };
  return { page: 1, hitsPerPage: offset + limit, skip: offset };
}

/** Splits a highlighted crop on this search's sentinel tags; the text stays plain (whoever renders escapes it). */
export function snippetParts(formatted: unknown, pre: string, post: string): SnippetPart[] {
  if (typeof formatted !== 'string' || formatted === '') return [];
  const parts: SnippetPart[] = [];
  const push = (text: string, match: boolean) => {
    if (text === '') return;
    const previous = parts.at(-1);
    if (previous && previous.match === match) previous.text += text;
    else parts.push({ text, match });
  };
  const [head, ...rest] = formatted.split(pre);
  push(head!.replaceAll(post, ''), false);
  for (const chunk of rest) {
    const end = chunk.indexOf(post);
    if (end === -1) {
      push(chunk, false);
      continue;
    }
    push(chunk.slice(0, end), true);
    push(chunk.slice(end + post.length).replaceAll(post, ''), false);
  }
  return parts;
}

function facetCounts(distribution: Record<string, number> | undefined): FacetCount[] {
  return Object.entries(distribution ?? {})
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

interface FailureDescription {
  message: string;
  /** A request Meilisearch refused as malformed: a bug in this adapter, not an outage. */
  bug: boolean;
  fields: Record<string, unknown>;
}

function describe(error: unknown, operation: string): FailureDescription {
  if (error instanceof SearchUnavailableError) return { message: error.message, bug: false, fields: { operation } };
  if (error instanceof MeilisearchTaskTimeOutError) {
    return {
      message: `Meilisearch did not finish task ${error.cause.taskUid} (${operation}) within ${error.cause.timeout} ms`,
      bug: false,
      fields: { operation, taskUid: error.cause.taskUid },
    };
  }
  if (error instanceof MeilisearchRequestError) {
    if (error.cause instanceof MeilisearchRequestTimeOutError) {
      return {
        message: `Meilisearch did not answer within ${error.cause.cause.timeout} ms (${operation})`,
        bug: false,
        fields: { operation, reason: 'timeout' },
      };
    }
    return { message: `Meilisearch is unreachable (${operation})`, bug: false, fields: { operation, reason: 'unreachable' } };
  }
  if (error instanceof MeilisearchApiError) {
    const status = error.response.status;
    const code = error.cause?.code ?? 'unknown';
    const bug = status >= 400 && status < 500 && !['index_not_found', 'invalid_api_key', 'missing_authorization_header'].includes(code);
    return { message: `Meilisearch answered ${status} ${code} (${operation})`, bug, fields: { operation, status, code } };
  }
  // A body that is not JSON (a proxy's error page), or anything else the client threw.
  return {
    message: `Meilisearch failed (${operation}): ${(error as Error)?.name ?? 'unknown error'}`,
    bug: false,
    fields: { operation, error: (error as Error)?.name },
  };
}

/** Well under the 2 s a reader waits before being told search is unavailable. */
const DEFAULT_SEARCH_DEADLINE_MS = 1_500;

export function createMeilisearchEngine(options: MeilisearchEngineOptions): MeilisearchEngine {
  const indexName = options.indexName ?? DEFAULT_INDEX_NAME;
  const nextName = `${indexName}-next`;
  const taskTimeout = options.taskTimeoutMs ?? 10 * 60_000;
  const batchSize = options.batchSize ?? 10_000;
  const client = new Meilisearch({
    host: options.url,
    apiKey: options.apiKey,
    timeout: options.timeoutMs ?? 5_000,
    defaultWaitOptions: { timeout: taskTimeout, interval: options.taskPollMs ?? 200 },
  });
  const log = options.log;

  let ready: Promise<void> | null = null;
  /** sync and reindex never overlap within this process. */
  let writing: Promise<unknown> = Promise.resolve();

  function fail(error: unknown, operation: string): SearchUnavailableError {
    const { message, bug, fields } = describe(error, operation);
    if (bug) log?.error({ engine: 'meilisearch', ...fields }, `search: Meilisearch refused a request as invalid: ${message}`);
    else log?.warn({ engine: 'meilisearch', ...fields }, `search unavailable: ${message}`);
    return error instanceof SearchUnavailableError ? error : new SearchUnavailableError(message);
  }

  /** Awaits a write task; a failed or canceled task is an outage for the caller. */
  async function completed(task: EnqueuedTaskPromise, operation: string): Promise<Task> {
    const done = await task.waitTask({ timeout: taskTimeout, interval: options.taskPollMs ?? 200 });
    if (done.status !== 'succeeded') {
      throw new SearchUnavailableError(
        `Meilisearch task ${done.uid} (${operation}) ${done.status}: ${done.error?.code ?? 'no error code'}`,
      );
    }
    return done;
  }

  async function indexExists(uid: string): Promise<boolean> {
    try {
      await client.getRawIndex(uid);
      return true;
    } catch (error) {
      if (error instanceof MeilisearchApiError && error.cause?.code === 'index_not_found') return false;
      throw error;
    }
  }

  /** Returns whether the index had to be created. */
  async function createWithSettings(uid: string): Promise<boolean> {
    const created = !(await indexExists(uid));
    if (created) await completed(client.createIndex(uid, { primaryKey: 'id' }), 'create index');
    await completed(client.index(uid).updateSettings(INDEX_SETTINGS), 'settings');
    return created;
  }

  async function prepareLiveIndex(): Promise<void> {
    let created: boolean;
    try {
      created = await createWithSettings(indexName);
    } catch (error) {
      throw fail(error, 'ensure index');
    }
    // A new index (first use, another server, a switch from the embedded engine): the whole archive goes in at the next sync.
    if (created) await options.client.execute('INSERT OR IGNORE INTO search_queue (channel_id, ts) SELECT channel_id, ts FROM messages');
  }

  function ensureIndex(): Promise<void> {
    ready ??= prepareLiveIndex().catch((error: unknown) => {
      ready = null;
      throw error;
    });
    return ready;
  }

  /** A key Meilisearch cannot take as an id (not a Slack id) is left out, and said, rather than blocking the queue. */
  function usable<T extends MessageKey>(keys: readonly T[]): T[] {
    const valid = keys.filter(hasValidDocumentId);
    if (valid.length < keys.length)
      log?.warn(
        { engine: 'meilisearch', skipped: keys.length - valid.length },
        'search: messages whose key is not a valid Meilisearch id were not indexed',
      );
    return valid;
  }

  function exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = writing.then(work, work);
    writing = run.catch(() => undefined);
    return run;
  }

  async function queueSize(): Promise<number> {
    const result = await options.client.execute('SELECT count(*) AS n FROM search_queue');
    return Number(result.rows[0]?.n ?? 0);
  }

  async function drainQueue(onProgress?: (progress: IndexProgress) => void): Promise<number> {
    let total = await queueSize();
    let indexed = 0;
    onProgress?.({ indexed, total });
    for (;;) {
      const { queueIds, documents, removed } = await readQueuedDocuments(options.client, batchSize, options.timeZone);
      if (queueIds.length === 0) return indexed;
      const index = client.index<MeilisearchDocument>(indexName);
      try {
        const tasks: [EnqueuedTaskPromise, string][] = [];
        const adding = usable(documents);
        const deleting = usable(removed);
        if (adding.length > 0) tasks.push([index.addDocuments(adding.map(toMeilisearchDocument), { primaryKey: 'id' }), 'add documents']);
        if (deleting.length > 0) tasks.push([index.deleteDocuments(deleting.map(documentId)), 'delete documents']);
        for (const [task, operation] of tasks) await completed(task, operation);
      } catch (error) {
        throw fail(error, 'sync');
      }
      // Only once Meilisearch holds the batch: a crash before this line re-sends it next time.
      // By rowid: an entry an import replaced meanwhile has a new rowid and stays queued.
      await removeFromQueue(options.client, queueIds);
      indexed += queueIds.length;
      total = Math.max(total, indexed);
      onProgress?.({ indexed, total });
    }
  }

  async function rebuild(onProgress?: (progress: IndexProgress) => void): Promise<number> {
    await ensureIndex();
    // Entries queued before this point are covered by the full read below; later ones
    // (INSERT OR REPLACE gives a re-queued message a new, higher rowid) are synced after the swap.
    const mark = await queueHighWaterMark(options.client);
    const total = await countIndexableMessages(options.client);
    let indexed = 0;
    try {
      if (await indexExists(nextName)) await completed(client.deleteIndex(nextName), 'delete stale next index');
      await createWithSettings(nextName);
      onProgress?.({ indexed, total });
      const next = client.index<MeilisearchDocument>(nextName);
      for await (const documents of readAllDocuments(options.client, batchSize, options.timeZone)) {
        const adding = usable(documents);
        if (adding.length > 0)
          await completed(next.addDocuments(adding.map(toMeilisearchDocument), { primaryKey: 'id' }), 'reindex documents');
        indexed += documents.length;
        onProgress?.({ indexed, total: Math.max(total, indexed) });
      }
      // Atomic: searches read the old index up to here and the new one afterwards.
      await completed(client.swapIndexes([{ indexes: [indexName, nextName], rename: false }]), 'swap indexes');
    } catch (error) {
      throw fail(error, 'reindex');
    }
    try {
      await completed(client.deleteIndex(nextName), 'delete previous index');
    } catch (error) {
      // The new index serves; the old copy is only disk space, removed by the next reindex.
      fail(error, 'delete previous index');
    }
    await removeFromQueueUpTo(options.client, mark);
    await drainQueue();
    return indexed;
  }

  /**
   * Year facets in a reader's own zone: the index's `year` is the community's
   * calendar year, so each year the reader's calendar may put those matches in
   * (a year on either side) is counted by its own search, limited to its span
   * of instants and answering totals only.
   */
  async function yearsIn(
    request: SearchRequest,
    q: string,
    matchingStrategy: 'frequency' | 'all',
    community: readonly FacetCount[],
    timeZone: string,
    signal: AbortSignal,
  ): Promise<FacetCount[]> {
    if (community.length === 0) return [];
    const known = community.map((facet) => Number(facet.value));
    const spans = yearSpans(
      // Mid-year bounds: no zone's calendar is more than a day off the community's, so a year on either side is enough.
      Math.max(request.fromMs ?? -Infinity, Date.UTC(Math.min(...known) - 1, 6, 1)),
      Math.min(request.toMs ?? Infinity, Date.UTC(Math.max(...known) + 1, 6, 1)),
      timeZone,
    );
    const index = client.index<MeilisearchDocument>(indexName);
    try {
      const counts = await Promise.all(
        spans.map(async (span) => {
          const answer = await index.search(q, { filter: buildFilter({ ...request, fromMs: span.startMs, toMs: span.endMs }), matchingStrategy, page: 1, hitsPerPage: 0 }, { signal });
          return { value: String(span.year), count: answer.totalHits ?? 0 };
        }),
      );
      return counts.filter((facet) => facet.count > 0).sort((a, b) => Number(b.value) - Number(a.value));
    } catch (error) {
      throw signal.aborted ? new SearchUnavailableError('search abandoned at its deadline') : fail(error, 'search');
    }
  }

  /** A search, bounded by the deadline: a slow Meilisearch must not hold a page (and a slot of the server) for seconds. */
  async function search(request: SearchRequest): Promise<SearchResults> {
    const deadlineMs = options.searchDeadlineMs ?? DEFAULT_SEARCH_DEADLINE_MS;
    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // The requests still out are dropped; what they throw then is not logged again.
        abort.abort();
        reject(fail(new SearchUnavailableError(`Meilisearch did not answer within ${deadlineMs} ms (search)`), 'search'));
      }, deadlineMs);
    });
    try {
      return await Promise.race([searchNow(request, abort.signal), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  async function searchNow(request: SearchRequest, signal: AbortSignal): Promise<SearchResults> {
    // Access is enforced by the filter; refuse to search without it rather than search everything.
    const filter = buildFilter(request);
    await ensureIndex();
    const tag = randomUUID();
    const pre = `\u2983${tag}\u2984`;
    const post = `\u2983/${tag}\u2984`;
    const q = buildQuery(request.terms, request.excluded);
    const typed = buildQuery(request.terms, request.excluded, { asTyped: true });
    const { page, hitsPerPage, skip } = pageFor(request.offset, request.limit);
    const hasWords = request.terms.length > 0;
    const sort =
      request.sort === 'newest' || (request.sort === 'relevance' && !hasWords)
        ? ['tsMs:desc']
        : request.sort === 'oldest'
          ? ['tsMs:asc']
          : undefined;
    const matchingStrategy = request.relax ? ('frequency' as const) : ('all' as const);
    const shown = {
      filter,
      attributesToRetrieve: ['channelId', 'ts'],
      attributesToCrop: ['text'],
      cropLength: CROP_LENGTH,
      cropMarker: CROP_MARKER,
      attributesToHighlight: ['text'],
      highlightPreTag: pre,
      highlightPostTag: post,
    } satisfies SearchParams;
    // Ranked by relevance, a word whose stem is not the word itself is searched twice: as typed in `text`, and under
    // its stem everywhere. Federated, the second search's scores weigh less, so the words as typed come first (the
    // embedded engine's exact tier), and a message both find comes once.
    const federated = request.sort === 'relevance' && hasWords && typed !== q;
    let answer: { hits: { channelId: string; ts: string; _formatted?: Partial<MeilisearchDocument> }[]; total: number; facets: FacetDistribution };
    try {
      if (federated) {
        const response = await client.multiSearch(
          {
            federation: { offset: request.offset, limit: request.limit, facetsByIndex: { [indexName]: [...FACETS] } },
            queries: [
              { indexUid: indexName, q: typed, attributesToSearchOn: ['text'], matchingStrategy: 'all', ...shown },
              { indexUid: indexName, q, matchingStrategy, ...shown, federationOptions: { weight: OTHER_FORMS_WEIGHT } },
            ],
          },
          { signal },
        );
        const hits = response.hits as unknown as (typeof answer)['hits'];
        answer = { hits, total: response.estimatedTotalHits ?? hits.length, facets: response.facetsByIndex?.[indexName]?.distribution ?? {} };
      } else {
        const params = { ...shown, ...(sort ? { sort } : {}), matchingStrategy, page, hitsPerPage, facets: [...FACETS] } satisfies SearchParams;
        const response = await client.index<MeilisearchDocument>(indexName).search(q, params, { signal });
        answer = { hits: response.hits.slice(skip), total: response.totalHits ?? 0, facets: response.facetDistribution ?? {} };
      }
    } catch (error) {
      throw signal.aborted ? new SearchUnavailableError('search abandoned at its deadline') : fail(error, 'search');
    }
    const communityYears = facetCounts(answer.facets.year);
    // Counted under the stems: what they find holds what the words as typed find.
    const years = request.timeZone === undefined || request.timeZone === options.timeZone ? communityYears : await yearsIn(request, q, matchingStrategy, communityYears, request.timeZone, signal);
    return {
      hits: answer.hits.map((hit) => ({
        channelId: hit.channelId,
        ts: hit.ts,
        snippet: snippetParts(hit._formatted?.text, pre, post),
      })),
      total: answer.total,
      facets: { channels: facetCounts(answer.facets.channelId), people: facetCounts(answer.facets.authorId), years },
      partial: false,
    };
  }

  return {
    name: 'meilisearch',
    importIndexing: queueOnlyIndexing(IMPORT_SYNC_EVERY),
    indexName,
    ensureIndex,
    search,
    sync: (onProgress) =>
      exclusive(async () => {
        await ensureIndex();
        return drainQueue(onProgress);
      }),
    reindex: (onProgress) => exclusive(() => rebuild(onProgress)),
    async close() {
      // The client holds no connection of its own (fetch); wait for a write in progress.
      await writing;
    },
  };
}
