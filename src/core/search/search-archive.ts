import { and, or, sql } from 'drizzle-orm';
import type { Reader, ReaderAccess } from '../archive/access.ts';
import { listDirectory } from '../archive/directory.ts';
import { loadPeople, type PersonSummary } from '../archive/people-names.ts';
import { peopleWhoDeclined } from '../accounts/consents.ts';
import { pseudonymInSnippet, pseudonymisedAmong } from '../archive/pseudonyms.ts';
import type { Locale } from '../i18n/index.ts';
import type { Db } from '../db/client.ts';
import { messages, people } from '../db/schema/archive.ts';
import type { Logger } from '../log.ts';
import { safeError } from '../text/safe-error.ts';
import { timeRange } from './date-range.ts';
import { foldWords } from './fold.ts';
import { SearchUnavailableError, type SearchEngine, type SearchResults, type SnippetPart } from './port.ts';
import { parseSearchQuery } from './query-language.ts';
import type { IgnoredPart, ParsedQuery, SearchSort } from './query.ts';

export const SEARCH_PAGE_SIZE = 20;
/** Deeper pages are refused: nobody reads them, and an engine pays for each one skipped. */
export const MAX_SEARCH_PAGE = 50;

export interface SearchDeps {
  db: Db;
  engine: SearchEngine;
  timeZone: string;
  /** The reader's language: how hits, facets and channel names name a pseudonymised person. */
  locale?: Locale;
  log?: Logger;
}

export interface ArchiveSearchInput {
  q: string;
  sort: SearchSort;
  page: number;
  /** Only messages holding every word, even when few do (otherwise those holding most of them follow). */
  allWords?: boolean;
}

/** What the search found that a name or a filter did not resolve to. */
export type SearchNote = IgnoredPart | { text: string; reason: 'unknown-channel' | 'unknown-person' };

export interface FoundMessage {
  channelId: string;
  channelLabel: string;
  ts: string;
  tsMs: number;
  author: PersonSummary;
  /** The thread it belongs to (its root's ts), when it is a root with replies or a reply. */
  threadTs: string | null;
  isReply: boolean;
  snippet: SnippetPart[];
}

export interface LabelledCount {
  value: string;
  label: string;
  count: number;
}

export type ArchiveSearchOutcome =
  | { status: 'empty'; parsed: ParsedQuery; notes: SearchNote[] }
  | { status: 'unavailable'; parsed: ParsedQuery; notes: SearchNote[] }
  | {
      status: 'ok';
      parsed: ParsedQuery;
      notes: SearchNote[];
      total: number;
      page: number;
      pageCount: number;
      partial: boolean;
      facetSample: number | null;
      /** Query words some hits do not hold: no message held them all (empty when every hit holds every word). */
      leftOut: string[];
      hits: FoundMessage[];
      facets: { channels: LabelledCount[]; people: LabelledCount[]; years: LabelledCount[] };
    };

function sameName(a: string, b: string | null): boolean {
  return b !== null && foldWords(a).join(' ') === foldWords(b).join(' ');
}

/** `in:` names (or ids) among the channels the reader may read. */
async function resolveChannels(db: Db, names: readonly string[], readable: ReadonlySet<string>, notes: SearchNote[], locale?: Locale): Promise<string[] | null> {
  if (names.length === 0) return null;
  const directory = await listDirectory(db, readable, locale);
  const ids = new Set<string>();
  for (const name of names) {
    const found = directory.filter((entry) => entry.id === name.toUpperCase() || sameName(name, entry.name) || sameName(name, entry.label));
    if (found.length === 0) notes.push({ text: `in:${name}`, reason: 'unknown-channel' });
    for (const entry of found) ids.add(entry.id);
  }
  return [...ids];
}

/** `from:` handles, names or ids; `me` is the reader's own Slack identity. */
async function resolvePeople(db: Db, names: readonly string[], reader: Reader, notes: SearchNote[]): Promise<string[] | null> {
  if (names.length === 0) return null;
  const ids = new Set<string>();
  for (const name of names) {
    if (name.toLowerCase() === 'me') {
      if (reader?.slackPersonId) ids.add(reader.slackPersonId);
      else notes.push({ text: 'from:me', reason: 'unknown-person' });
      continue;
    }
    const lowered = name.toLowerCase();
    const rows = await db
      .select({ id: people.id, handle: people.handle, displayName: people.displayName, realName: people.realName })
      .from(people)
      .where(or(sql`${people.id} = ${name.toUpperCase()}`, sql`lower(${people.handle}) = ${lowered}`, sql`lower(${people.displayName}) = ${lowered}`, sql`lower(${people.realName}) = ${lowered}`));
    const matching = rows.length > 0 ? rows : (await db.select({ id: people.id, handle: people.handle, displayName: people.displayName, realName: people.realName }).from(people)).filter((row) => [row.handle, row.displayName, row.realName].some((value) => sameName(name, value)));
    // Someone shown by initials is found by id only (the link their initials lead to): a name must not reveal who they are.
    // A pseudonymised person is not found by the name they had either.
    const candidates = matching.map((row) => row.id);
    const hidden = new Set([...(await peopleWhoDeclined(db, 'show-name', candidates)), ...(await pseudonymisedAmong(db, candidates))]);
    const found = matching.filter((row) => !hidden.has(row.id) || row.id === name.toUpperCase());
    if (found.length === 0) notes.push({ text: `from:${name}`, reason: 'unknown-person' });
    for (const row of found) ids.add(row.id);
  }
  return [...ids];
}

/**
 * The archive's search, for pages and the JSON API alike: parses what the
 * reader typed, resolves names and dates, applies the access policy, asks the
 * configured engine, and presents the hits it may show.
 */
export async function searchArchive(deps: SearchDeps, { reader, readable }: ReaderAccess, input: ArchiveSearchInput): Promise<ArchiveSearchOutcome> {
  const parsed = parseSearchQuery(input.q);
  const notes: SearchNote[] = [...parsed.ignored];
  const asked = parsed.terms.length > 0 || parsed.inChannels.length > 0 || parsed.fromPeople.length > 0 || parsed.has.length > 0 || parsed.isThread || Object.keys(parsed.dates).length > 0;
  if (!asked || readable.size === 0) return { status: 'empty', parsed, notes };

  const channelIds = await resolveChannels(deps.db, parsed.inChannels, readable, notes, deps.locale);
  const authorIds = await resolvePeople(deps.db, parsed.fromPeople, reader, notes);
  const range = timeRange(parsed.dates, deps.timeZone);
  const page = Math.min(Math.max(1, Math.trunc(input.page) || 1), MAX_SEARCH_PAGE);
  const nothing = channelIds?.length === 0 || authorIds?.length === 0 || (range.fromMs !== null && range.toMs !== null && range.fromMs >= range.toMs);

  let results: SearchResults;
  if (nothing) {
    results = { hits: [], total: 0, facets: { channels: [], people: [], years: [] }, partial: false };
  } else {
    try {
      results = await deps.engine.search({
        terms: parsed.terms,
        excluded: parsed.excluded,
        readableChannelIds: [...readable],
        channelIds,
        authorIds,
        ...range,
        has: parsed.has,
        isThread: parsed.isThread,
        timeZone: deps.timeZone,
        sort: input.sort,
        relax: input.allWords !== true,
        offset: (page - 1) * SEARCH_PAGE_SIZE,
        limit: SEARCH_PAGE_SIZE,
      });
    } catch (error) {
      if (!(error instanceof SearchUnavailableError)) throw error;
      deps.log?.error({ engine: deps.engine.name, err: safeError(error) }, 'search unavailable');
      return { status: 'unavailable', parsed, notes };
    }
  }
  return {
    status: 'ok',
    parsed,
    notes,
    total: results.total,
    page,
    pageCount: Math.min(MAX_SEARCH_PAGE, Math.ceil(results.total / SEARCH_PAGE_SIZE)),
    partial: results.partial,
    facetSample: results.facetSample ?? null,
    leftOut: results.leftOut ?? [],
    ...(await present(deps.db, results, readable, deps.locale)),
  };
}

/** Hits and facets with names, for what the reader may read only (the engine already filtered; this never trusts it alone). */
async function present(db: Db, results: SearchResults, readable: ReadonlySet<string>, locale?: Locale) {
  const hits = results.hits.filter((hit) => readable.has(hit.channelId));
  const rows = hits.length
    ? await db
        .select({ channelId: messages.channelId, ts: messages.ts, tsMs: messages.tsMs, userId: messages.userId, authorName: messages.authorName, threadTs: messages.threadTs })
        .from(messages)
        .where(or(...hits.map((hit) => and(sql`${messages.channelId} = ${hit.channelId}`, sql`${messages.ts} = ${hit.ts}`))))
    : [];
  const byKey = new Map(rows.map((row) => [`${row.channelId}/${row.ts}`, row]));
  const channelIds = new Set([...hits.map((hit) => hit.channelId), ...results.facets.channels.map((facet) => facet.value)].filter((id) => readable.has(id)));
  const labels = new Map((await listDirectory(db, channelIds, locale)).map((entry) => [entry.id, entry.label]));
  const names = await loadPeople(db, [...rows.map((row) => row.userId ?? ''), ...results.facets.people.map((facet) => facet.value)], locale);
  const found: FoundMessage[] = hits.flatMap((hit) => {
    const row = byKey.get(`${hit.channelId}/${hit.ts}`);
    if (!row) return [];
    const author = row.userId ? names.get(row.userId)! : { id: '', name: row.authorName ?? '?', initials: '?', isBot: true, isDeleted: false };
    return [{ channelId: hit.channelId, channelLabel: labels.get(hit.channelId) ?? hit.channelId, ts: hit.ts, tsMs: row.tsMs, author, threadTs: row.threadTs, isReply: row.threadTs !== null && row.threadTs !== row.ts, snippet: pseudonymInSnippet(hit.snippet, locale) }];
  });
  return {
    hits: found,
    facets: {
      channels: results.facets.channels.filter((facet) => readable.has(facet.value)).map((facet) => ({ ...facet, label: labels.get(facet.value) ?? facet.value })),
      people: results.facets.people.map((facet) => ({ ...facet, label: names.get(facet.value)?.name ?? facet.value })),
      years: results.facets.years.map((facet) => ({ ...facet, label: facet.value })),
    },
  };
}
