import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findMemberByEmail } from '../../src/core/accounts/members.ts';
import { readableChannelIds, readerAccess, type Reader } from '../../src/core/archive/access.ts';
import { updateChannelSettings } from '../../src/core/archive/channel-settings.ts';
import type { Database } from '../../src/core/db/client.ts';
import { DEMO_EXPORT } from '../../src/core/demo/seed-demo.ts';
import { foldWords } from '../../src/core/search/fold.ts';
import type { SearchEngine } from '../../src/core/search/port.ts';
import { withFilter, type FilterKey } from '../../src/core/search/query-language.ts';
import { channelContextOf, contextOf, formsOf, queryStems, searchForm } from '../../src/core/search/word-forms.ts';
import type { IgnoredReason, SearchSort } from '../../src/core/search/query.ts';
import {
  MAX_SEARCH_PAGE,
  SEARCH_PAGE_SIZE,
  searchArchive,
  type ArchiveSearchOutcome,
  type FoundMessage,
  type SearchNote,
} from '../../src/core/search/search-archive.ts';
import { generatedExport, importArchive, type ImportedArchive } from '../support/archive-fixtures.ts';

/**
 * The behaviour every search engine shares once behind `searchArchive`: one
 * suite of golden queries, run by search-engine.test.ts against the
 * embedded engine always and against a real Meilisearch when MEILI_URL is set.
 *
 * Expectations come from an oracle that reads the archive's messages directly
 * (folded with the same fold both indexes use) and from the access policy, so
 * they are exact sets, not "something came back". Where the engines may
 * legitimately differ they are bounds, written so that a real Meilisearch
 * passes too:
 * - a word typed without quotes finds at least the messages holding it and at
 *   most those holding a word within the typos Meilisearch allows (none under 5
 *   letters, 1 from 5, 2 from 9; the embedded engine allows 1 from 5);
 * - a word also finds the other forms of it (its English and French stems, in
 *   a message or, for a reply, in its thread's root): at most those;
 * - stop words typed outside quotes are not required;
 * - phrases, exclusions and prefixes of 4 letters or fewer are exact in both;
 * - only newest and oldest orders are asserted; relevance is compared as a set.
 */

export const CONTRACT_TIME_ZONE = 'America/Toronto';

export interface ArchiveUnderTest {
  /** Which archive: one engine (one Meilisearch index) each. */
  name: 'demo' | 'generated';
  database: Database;
  timeZone: string;
}

/** Builds the engine for an empty archive, before the import that indexes through it; the suite calls `sync()` and `close()`. */
export type MakeSearchEngine = (archive: ArchiveUnderTest) => Promise<SearchEngine>;

// The demo workspace (demo/slack-export).
const GENERAL = 'C04A2GNRL7Q';
const BAVARDAGE = 'C04F9BVG0RC';
const EVENEMENTS = 'C04E6EVT4HN';
const ETHICS = 'C04H2CET7WP'; // private: Mathieu, Élise, Claire, François
const ZOE_AMINA_DM = 'D05ZAM7P3QL';
const ELISE_FRANCOIS_DM = 'D04EFR2K9ZA';
const ZOE = 'U04D3ZB9QXE';
const ELISE = 'U04B1QK7ELS';
const MATHIEU = 'U04F5MLB6WD';
const AMINA = 'U04G2ADL8PK';
const JEAN_LUC = 'U04H9JLG4NA';
const SARAH = 'U04J6SWF3RT';
/** Words that occur only in #comite-ethique: whoever is outside it must never see them. */
const CANARIES = ['ornithorynque', 'pharmaceutique', 'sociosanitaire'];
/** 2024-06-13 00:40 in Toronto (04:40 UTC): the AGM minutes, posted after midnight. */
const AFTER_MIDNIGHT_GENERAL = `${GENERAL}/1718253635.907117`;
/** 2023-11-20 21:40 in Toronto, already 2023-11-21 in UTC: a day read in UTC would misplace it. */
const EVENING_DM = `${ZOE_AMINA_DM}/1700534452.853359`;

interface Seed {
  key: string;
  channelId: string;
  userId: string;
  at: string;
  text: string;
  hasLinks?: boolean;
  /** The key of the seed whose thread this one replies in (that seed is then a thread root). */
  replyTo?: string;
  /** A bot's post (Slack's `bot_message` with its `bot_id`). */
  bot?: string;
}

/** Channels added to the demo for the seeds below: a public one and a private one (Élise alone), each with a purpose. */
const WORKSHOP = 'C0SEEDWKSP1';
const WORKSHOP_PRIVATE = 'G0SEEDWKSP2';
const SEED_CHANNELS = [
  { id: WORKSHOP, kind: 'public', name: 'atelier-grimoires', purpose: 'Atelier de xylomancie' },
  { id: WORKSHOP_PRIVATE, kind: 'private', name: 'atelier-tamarinier', purpose: 'Protocole tamarinier, confidentiel', members: [ELISE] },
];

/** Messages added to the demo for cases its history lacks; words chosen so that no other word is within two typos of them. */
const SEEDS: Seed[] = [
  {
    key: 'straight',
    channelId: GENERAL,
    userId: SARAH,
    at: '2024-03-05T15:00:00.000Z',
    text: "Rendez-vous à l'Université Laval jeudi pour le colloque.",
  },
  {
    key: 'curly',
    channelId: BAVARDAGE,
    userId: ZOE,
    at: '2024-03-06T15:00:00.000Z',
    text: 'Visite guidée de l’UNIVERSITÉ de Montréal, départ à 9 h.',
  },
  {
    key: 'hostile',
    channelId: GENERAL,
    userId: AMINA,
    at: '2024-03-07T15:00:00.000Z',
    text: 'Aperçu du quokka : <img src=x onerror=alert(1)> puis <script>alert(2)</script> & <b>gras</b> <mark>faux</mark>',
  },
  // 23:59:59 and 00:00:00 in Toronto (EST, UTC−5) around 2024-03-09.
  {
    key: 'beforeMidnight',
    channelId: BAVARDAGE,
    userId: JEAN_LUC,
    at: '2024-03-09T04:59:59.500Z',
    text: 'Veille tardive du zéphyr, juste avant minuit.',
  },
  {
    key: 'afterMidnight',
    channelId: BAVARDAGE,
    userId: JEAN_LUC,
    at: '2024-03-09T05:00:00.500Z',
    text: 'Le zéphyr souffle encore, juste après minuit.',
  },
  // 23:30 on New Year's Eve in Toronto: already 2024 for a reader in Tokyo, whose year facets and `during:` read their own calendar.
  {
    key: 'newYearsEve',
    channelId: BAVARDAGE,
    userId: ZOE,
    at: '2024-01-01T04:30:00.000Z',
    text: 'Le capybara du refuge fête le réveillon.',
  },
  // The word as typed in two long messages, a typo (and prefix) away in a short one that bm25 alone would put first.
  {
    key: 'pangolinZoo',
    channelId: GENERAL,
    userId: SARAH,
    at: '2024-04-02T15:00:00.000Z',
    text: 'Le pangolin du zoo de Granby dort toute la journée sous une pile de feuilles mortes, dit la soigneuse qui le nourrit le soir.',
  },
  {
    key: 'pangolinFilm',
    channelId: BAVARDAGE,
    userId: ZOE,
    at: '2024-04-03T15:00:00.000Z',
    text: 'Un documentaire sur le pangolin passe ce soir, avec une longue entrevue de la chercheuse qui le suit depuis dix ans en Afrique.',
  },
  {
    key: 'pangolins',
    channelId: GENERAL,
    userId: AMINA,
    at: '2024-04-04T15:00:00.000Z',
    text: 'Pangolins partout !',
  },
  // Word forms, contractions and a thread whose reply holds one word of the question only.
  {
    key: 'translation',
    channelId: BAVARDAGE,
    userId: SARAH,
    at: '2024-05-02T15:00:00.000Z',
    text: 'The glossary translation is done, I can’t open the theremin spreadsheet though.',
  },
  {
    key: 'translating',
    channelId: GENERAL,
    userId: ZOE,
    at: '2024-05-03T15:00:00.000Z',
    text: 'Translating the glossary for the theremin team today.',
  },
  {
    key: 'reunions',
    channelId: GENERAL,
    userId: ELISE,
    at: '2024-05-06T15:00:00.000Z',
    text: "Les réunions du quartz se tiennent aujourd'hui avec l'équipe.",
  },
  {
    key: 'gdbRoot',
    channelId: BAVARDAGE,
    userId: AMINA,
    at: '2024-05-07T15:00:00.000Z',
    text: 'How do I debug this C code? The zircon parser crashes on startup.',
  },
  {
    key: 'gdbReply',
    channelId: BAVARDAGE,
    userId: JEAN_LUC,
    at: '2024-05-07T15:05:00.000Z',
    text: 'Run it under gdb and print the backtrace.',
    replyTo: 'gdbRoot',
  },
  {
    key: 'gdbThanks',
    channelId: BAVARDAGE,
    userId: AMINA,
    at: '2024-05-07T15:10:00.000Z',
    text: 'Merci beaucoup !',
    replyTo: 'gdbRoot',
  },
  // The same in the private channel: its thread and its forms stay its members'.
  {
    key: 'ethicsRoot',
    channelId: ETHICS,
    userId: ELISE,
    at: '2024-05-08T15:00:00.000Z',
    text: 'Le protocole ornithorynque revient avec des corrections sociosanitaires.',
  },
  {
    key: 'ethicsReply',
    channelId: ETHICS,
    userId: MATHIEU,
    at: '2024-05-08T15:05:00.000Z',
    text: 'Je relis les corrections demain.',
    replyTo: 'ethicsRoot',
  },
  // The same words from a person and, shorter and newer (bm25 and recency alone would put it first), from a bot.
  {
    key: 'basiliskPerson',
    channelId: GENERAL,
    userId: MATHIEU,
    at: '2024-05-09T15:00:00.000Z',
    text: 'The basilisk build fails on staging again, I am looking into it with the team this afternoon.',
  },
  {
    key: 'basiliskBot',
    channelId: GENERAL,
    userId: MATHIEU,
    bot: 'B0BASILISK',
    at: '2024-05-09T16:00:00.000Z',
    text: 'Build basilisk #42 fails on staging.',
  },
  // A message holding both words, and one holding « grimoire » only, in a channel whose purpose says « xylomancie ».
  {
    key: 'grimoireOwn',
    channelId: WORKSHOP,
    userId: SARAH,
    at: '2024-05-11T15:00:00.000Z',
    text: 'Le grimoire de xylomancie est rangé dans la réserve du sous-sol.',
  },
  {
    key: 'grimoireChannel',
    channelId: WORKSHOP,
    userId: ZOE,
    at: '2024-05-11T16:00:00.000Z',
    text: 'Le grimoire est prêt.',
  },
  // The same in a private channel: its purpose stays its members'.
  {
    key: 'grimoirePrivate',
    channelId: WORKSHOP_PRIVATE,
    userId: ELISE,
    at: '2024-05-11T17:00:00.000Z',
    text: 'Le grimoire est sous clé.',
  },
  // A bot's post in the private channel: its members find it, nobody else does.
  {
    key: 'ethicsBot',
    channelId: ETHICS,
    userId: ELISE,
    bot: 'B0RAPPEL',
    at: '2024-05-10T15:00:00.000Z',
    text: 'Rappel : le dossier ornithorynque attend sa relecture.',
  },
];

function tsAt(iso: string): string {
  const ms = Date.parse(iso);
  return `${Math.floor(ms / 1000)}.${String((ms % 1000) * 1000).padStart(6, '0')}`;
}

const seedKey = (key: string): string => {
  const seed = SEEDS.find((candidate) => candidate.key === key)!;
  return `${seed.channelId}/${tsAt(seed.at)}`;
};

async function seedMessages(database: Database): Promise<void> {
  for (const channel of SEED_CHANNELS) {
    await database.client.execute({
      sql: `INSERT INTO channels (id, kind, name, folder, listed, purpose) VALUES (?, ?, ?, ?, 1, ?)`,
      args: [channel.id, channel.kind, channel.name, channel.name, channel.purpose],
    });
    for (const member of channel.members ?? []) await database.client.execute({ sql: 'INSERT INTO channel_members (channel_id, person_id) VALUES (?, ?)', args: [channel.id, member] });
  }
  for (const seed of SEEDS) {
    const ts = tsAt(seed.at);
    const root = seed.replyTo ? tsAt(SEEDS.find((other) => other.key === seed.replyTo)!.at) : SEEDS.some((other) => other.replyTo === seed.key) ? ts : null;
    await database.client.execute({
      sql: `INSERT INTO messages (channel_id, ts, ts_ms, user_id, text, html, plain, has_links, thread_ts, bot_id, subtype, source_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'contract-seed')`,
      args: [seed.channelId, ts, Date.parse(seed.at), seed.userId, seed.text, seed.text, seed.text, seed.hasLinks ? 1 : 0, root, seed.bot ?? null, seed.bot ? 'bot_message' : null],
    });
    await database.client.execute({
      sql: 'INSERT OR REPLACE INTO search_queue (channel_id, ts) VALUES (?, ?)',
      args: [seed.channelId, ts],
    });
  }
}

/** A message as the oracle sees it: straight from the archive, folded the way both indexes fold. */
interface Doc {
  key: string;
  channelId: string;
  ts: string;
  tsMs: number;
  userId: string | null;
  plain: string;
  words: string[];
  /** Other forms of its words, and for a reply its root's words and forms, and its channel's topic and purpose (word-forms.ts): what a word may also be found through. */
  forms: string[];
  context: string[];
  /** YYYY-MM-DD in the community's time zone. */
  day: string;
  hasFile: boolean;
  hasLink: boolean;
  hasReaction: boolean;
  isThread: boolean;
}

/** Join and leave notices say nothing worth finding: no engine indexes them. */
async function loadDocs(database: Database, timeZone: string): Promise<Doc[]> {
  const dayOf = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const result = await database.client.execute(`
    SELECT m.channel_id, m.ts, m.ts_ms, m.user_id, m.plain, m.has_files, m.has_links, m.has_reactions, m.thread_ts, r.plain AS root_plain,
      trim(coalesce(c.topic, '') || ' ' || coalesce(c.purpose, '')) AS channel_about FROM messages AS m
    LEFT JOIN messages AS r ON r.channel_id = m.channel_id AND r.ts = m.thread_ts AND m.thread_ts <> m.ts
    LEFT JOIN channels AS c ON c.id = m.channel_id
    WHERE m.subtype IS NULL OR m.subtype NOT IN ('channel_join', 'channel_leave', 'group_join', 'group_leave')`);
  const rootContext = (plain: unknown) => {
    if (typeof plain !== 'string') return [];
    const words = foldWords(plain);
    return contextOf(words, formsOf(plain, words));
  };
  return result.rows.map((row) => ({
    key: `${row.channel_id}/${row.ts}`,
    channelId: String(row.channel_id),
    ts: String(row.ts),
    tsMs: Number(row.ts_ms),
    userId: row.user_id === null ? null : String(row.user_id),
    plain: String(row.plain),
    words: foldWords(String(row.plain)),
    forms: formsOf(String(row.plain), foldWords(String(row.plain))),
    context: [...rootContext(row.root_plain), ...channelContextOf(row.channel_about as string | null)],
    day: dayOf.format(Number(row.ts_ms)),
    hasFile: Number(row.has_files) === 1,
    hasLink: Number(row.has_links) === 1,
    hasReaction: Number(row.has_reactions) === 1,
    isThread: row.thread_ts !== null,
  }));
}

/** Optimal string alignment distance (a transposition is one edit, as in Meilisearch), stopping past `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = rows[i]!;
      row[j] = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j]!, rows[i - 2]![j - 2]! + 1);
    }
  }
  return rows[a.length]![b.length]!;
}

/** Typos Meilisearch forgives a query word (the embedded engine forgives 1 from 5 letters): an upper bound for both. */
function typosAllowed(word: string): number {
  const length = [...word].length;
  return length >= 9 ? 2 : length >= 5 ? 1 : 0;
}

/** What a query must find (lower) and may find (upper), as predicates over messages. */
interface Expectation {
  lower: (doc: Doc) => boolean;
  upper: (doc: Doc) => boolean;
}

const exactly = (test: (doc: Doc) => boolean): Expectation => ({ lower: test, upper: test });

/** Whether a message word is within the typos Meilisearch forgives the typed word; memoised per pair, the vocabulary being small. */
const nearCache = new Map<string, boolean>();
function near(typed: string, word: string): boolean {
  const key = `${typed} ${word}`;
  let found = nearCache.get(key);
  if (found === undefined) {
    const allowed = typosAllowed(typed);
    found = editDistance(typed, word, allowed) <= allowed;
    nearCache.set(key, found);
  }
  return found;
}

/**
 * What a word typed without quotes may find: words a forgivable typo away, and
 * any other form of it (its stems, in the message or its thread's root), the
 * form Meilisearch searches with its typos included.
 */
function mayFind(word: string): (doc: Doc) => boolean {
  const forms = new Set([word, ...queryStems(word)]);
  const searched = searchForm(word);
  return (doc) =>
    doc.words.some((other) => near(word, other)) ||
    [doc.words, doc.forms, doc.context].some((list) => list.some((other) => forms.has(other) || near(searched, other)));
}

const expect_ = {
  /** A word typed without quotes: itself at least, its typos and other forms at most. */
  word(typed: string): Expectation {
    const [word] = foldWords(typed);
    return { lower: (doc) => doc.words.includes(word!), upper: mayFind(word!) };
  },
  /** A typo'd word: must find what the intended word finds; may find what is a forgivable typo away from the typed one, or another form of it. */
  typo(typed: string, intended: string): Expectation {
    const [word] = foldWords(typed);
    return { lower: (doc) => doc.words.includes(intended), upper: mayFind(word!) };
  },
  /** A word found through another form of it: the message holding that form at least. */
  form(typed: string, holding: string): Expectation {
    const [word] = foldWords(typed);
    return { lower: (doc) => doc.words.includes(holding), upper: mayFind(word!) };
  },
  phrase(text: string): Expectation {
    const words = foldWords(text);
    return exactly((doc) => doc.words.some((_, at) => words.every((word, offset) => doc.words[at + offset] === word)));
  },
  prefix(start: string): Expectation {
    return exactly((doc) => doc.words.some((word) => word.startsWith(start)));
  },
  not(expectation: Expectation): Expectation {
    return { lower: (doc) => !expectation.upper(doc), upper: (doc) => !expectation.lower(doc) };
  },
  and(...expectations: Expectation[]): Expectation {
    return { lower: (doc) => expectations.every((e) => e.lower(doc)), upper: (doc) => expectations.every((e) => e.upper(doc)) };
  },
  where: exactly,
};

const keyOf = (hit: { channelId: string; ts: string }): string => `${hit.channelId}/${hit.ts}`;
type Ok = Extract<ArchiveSearchOutcome, { status: 'ok' }>;

function reasons(notes: readonly SearchNote[]): string[] {
  return notes.map((note) => note.reason);
}

/** Splits a snippet's words into those it marks and those it does not. */
function snippetWords(hit: FoundMessage): { marked: string[]; unmarked: string[] } {
  const marked = hit.snippet.filter((part) => part.match).flatMap((part) => foldWords(part.text));
  const unmarked = hit.snippet.filter((part) => !part.match).flatMap((part) => foldWords(part.text));
  return { marked, unmarked };
}

const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim();

/**
 * Snippet parts are pieces of the message's own text, nothing added: no
 * markup from the engine (marks, sentinels) and the content's own `<…>` kept
 * as text for the page to escape.
 */
function expectPlainSnippet(hit: FoundMessage, doc: Doc): void {
  const flat = collapse(doc.plain);
  for (const piece of hit.snippet
    .map((part) => part.text)
    .join('')
    .split('…')) {
    const text = collapse(piece);
    if (text !== '') expect(flat, `snippet piece ${JSON.stringify(text)} of ${hit.channelId}/${hit.ts}`).toContain(text);
  }
  for (const part of hit.snippet) expect(part.text).not.toMatch(/[\u2983\u2984]/);
}

/** How a page renders a snippet (SearchHits.astro): escaped text, our own <mark>. */
function renderSnippet(hit: FoundMessage): string {
  const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return hit.snippet.map((part) => (part.match ? `<mark>${escape(part.text)}</mark>` : escape(part.text))).join('');
}

interface Archive extends ImportedArchive {
  docs: Doc[];
  byKey: Map<string, Doc>;
  timeZone: string;
}

async function openArchive(
  name: ArchiveUnderTest['name'],
  exportPath: string,
  makeEngine: MakeSearchEngine,
  seed?: (database: Database) => Promise<void>,
): Promise<Archive> {
  // As `passerelle import` does: the import indexes through the engine (the embedded one in its own transactions).
  const imported = await importArchive(`search-contract-${name}`, exportPath, (database) => makeEngine({ name, database, timeZone: CONTRACT_TIME_ZONE }));
  try {
    // Seeds are queued, as messages written by an import that could not reach the engine.
    await seed?.(imported.database);
    await imported.engine.sync();
    const docs = await loadDocs(imported.database, CONTRACT_TIME_ZONE);
    return { ...imported, docs, byKey: new Map(docs.map((doc) => [doc.key, doc])), timeZone: CONTRACT_TIME_ZONE };
  } catch (error) {
    await imported.dispose();
    throw error;
  }
}

/** Searching one archive the way pages and the JSON API do. */
function searcher(get: () => Archive) {
  const deps = () => ({ db: get().database.db, engine: get().engine, timeZone: get().timeZone });

  /** Strict (every word) unless `relax`: the oracle's bounds describe messages holding every word. */
  async function run(reader: Reader, q: string, sort: SearchSort = 'newest', page = 1, relax = false): Promise<ArchiveSearchOutcome> {
    return searchArchive(deps(), await readerAccess(get().database.db, reader), { q, sort, page, allWords: !relax });
  }

  async function ok(reader: Reader, q: string, sort: SearchSort = 'newest', page = 1): Promise<Ok> {
    const outcome = await run(reader, q, sort, page);
    expect(outcome.status, `status of ${JSON.stringify(q)}`).toBe('ok');
    // Archives this small are far below any engine's ranking limits: nothing is partial, and
    // a search without words has nothing to rank (newest first is its relevance order).
    expect((outcome as Ok).partial, `partial for ${JSON.stringify(q)} (${sort})`).toBe(false);
    return outcome as Ok;
  }

  /** Every page of a search (up to the last page a reader can open), checking that pages do not overlap. */
  async function all(reader: Reader, q: string, sort: SearchSort = 'newest'): Promise<{ first: Ok; hits: FoundMessage[] }> {
    const first = await ok(reader, q, sort);
    const hits = [...first.hits];
    for (let page = 2; page <= first.pageCount; page++) hits.push(...(await ok(reader, q, sort, page)).hits);
    const keys = hits.map(keyOf);
    expect(new Set(keys).size, `pages of ${JSON.stringify(q)} overlap`).toBe(keys.length);
    return { first, hits };
  }

  async function readable(reader: Reader): Promise<Set<string>> {
    return readableChannelIds(get().database.db, reader);
  }

  /** The messages a reader may read that a query must find, and those it may find. */
  async function bounds(reader: Reader, expectation: Expectation): Promise<{ lower: string[]; upper: Set<string> }> {
    const channels = await readable(reader);
    const visible = get().docs.filter((doc) => channels.has(doc.channelId));
    return {
      lower: visible.filter(expectation.lower).map((doc) => doc.key),
      upper: new Set(visible.filter(expectation.upper).map((doc) => doc.key)),
    };
  }

  /**
   * The whole result of a search against the oracle: every hit readable and
   * expected, nothing that must be found missing, the total equal to the hits
   * (so nothing unreadable is counted), and facets that count exactly the hits.
   */
  async function expectFinds(
    reader: Reader,
    q: string,
    expectation: Expectation,
    sort: SearchSort = 'newest',
  ): Promise<{ first: Ok; hits: FoundMessage[]; keys: string[] }> {
    const { first, hits } = await all(reader, q, sort);
    const keys = hits.map(keyOf);
    const { lower, upper } = await bounds(reader, expectation);
    expect(
      keys.filter((key) => !upper.has(key)),
      `unexpected hits for ${JSON.stringify(q)}`,
    ).toEqual([]);
    if (first.total > MAX_SEARCH_PAGE * SEARCH_PAGE_SIZE) {
      // More than a reader can page through: the total is still bounded by the oracle.
      expect(first.total).toBeGreaterThanOrEqual(lower.length);
      expect(first.total).toBeLessThanOrEqual(upper.size);
      return { first, hits, keys };
    }
    const found = new Set(keys);
    expect(
      lower.filter((key) => !found.has(key)),
      `missing hits for ${JSON.stringify(q)}`,
    ).toEqual([]);
    expect(first.total, `total of ${JSON.stringify(q)}`).toBe(keys.length);
    expectFacetsCount(first, keys);
    return { first, hits, keys };
  }

  /** Facets count the matches the reader may see, nothing else: each value's count is exactly its share of the hits. */
  function expectFacetsCount(outcome: Ok, keys: readonly string[]): void {
    if (outcome.facetSample !== null) return;
    const docs = keys.map((key) => get().byKey.get(key)!);
    const count = (values: (string | null)[]) => {
      const counts = new Map<string, number>();
      for (const value of values) if (value !== null) counts.set(value, (counts.get(value) ?? 0) + 1);
      return counts;
    };
    const yearOf = new Intl.DateTimeFormat('en-CA', { timeZone: get().timeZone, year: 'numeric' });
    const expected = {
      channels: count(docs.map((doc) => doc.channelId)),
      people: count(docs.map((doc) => doc.userId)),
      years: count(docs.map((doc) => yearOf.format(doc.tsMs))),
    };
    for (const group of ['channels', 'people', 'years'] as const) {
      const shown = outcome.facets[group];
      // The embedded engine shows the top 10 values; Meilisearch all of them.
      if (expected[group].size <= 10) expect(shown.length, `${group} facet values`).toBe(expected[group].size);
      for (const facet of shown) expect(facet.count, `${group} facet ${facet.value}`).toBe(expected[group].get(facet.value) ?? 0);
    }
  }

  return { run, ok, all, readable, bounds, expectFinds, docs: () => get().docs };
}

/**
 * Registers the shared suite. `makeEngine` is called once per archive (the
 * demo export, and a generated export of a few thousand messages), after the
 * import; the suite syncs, searches through `searchArchive`, and closes.
 */
export function describeSearchEngine(name: string, makeEngine: MakeSearchEngine): void {
  describe(`search engine contract: ${name}`, () => {
    let demo: Archive | undefined;
    const { run, ok, all, readable, bounds, expectFinds, docs } = searcher(() => demo!);
    const readers: Record<'zoe' | 'elise' | 'claire', Reader> = { zoe: null, elise: null, claire: null };

    beforeAll(async () => {
      demo = await openArchive('demo', DEMO_EXPORT, makeEngine, seedMessages);
      readers.zoe = (await findMemberByEmail(demo.database.db, 'zoe.bergeron@example.com'))!;
      readers.elise = (await findMemberByEmail(demo.database.db, 'elise.cote@example.org'))!;
      readers.claire = (await findMemberByEmail(demo.database.db, 'claire.dubois@example.net'))!;
      expect(readers.zoe).toBeTruthy();
    }, 120_000);
    afterAll(async () => {
      await demo?.dispose();
    });

    describe('accents, apostrophes and case', () => {
      it('"universite" finds l\'Université and l’UNIVERSITÉ, whatever the accents, case or apostrophe typed', async () => {
        const { keys, first } = await expectFinds(readers.zoe, 'universite', expect_.word('universite'));
        expect(keys).toEqual(expect.arrayContaining([seedKey('straight'), seedKey('curly')]));
        expect(keys.length).toBeGreaterThan(2);
        for (const q of ['Université', 'UNIVERSITÉ', 'universite\u0301', 'uNiVeRsItÉ']) {
          const again = await all(readers.zoe, q);
          expect(again.hits.map(keyOf), q).toEqual(keys);
          expect(again.first.total).toBe(first.total);
        }
      });

      it('an apostrophe typed straight or curly reads the same; an elided article is required only inside quotes', async () => {
        const { keys } = await expectFinds(readers.zoe, "l'université", expect_.word('universite'));
        expect(keys).toEqual((await all(readers.zoe, 'universite')).hits.map(keyOf));
        expect((await all(readers.zoe, 'l’Université')).hits.map(keyOf)).toEqual(keys);
        expect((await all(readers.zoe, 'L’UNIVERSITE')).hits.map(keyOf)).toEqual(keys);
        const quoted = await expectFinds(readers.zoe, '"l’université"', expect_.phrase("l'université"));
        expect(quoted.keys).toEqual(expect.arrayContaining([seedKey('straight'), seedKey('curly')]));
        expect((await all(readers.zoe, '"l\'Université"')).hits.map(keyOf)).toEqual(quoted.keys);
      });

      it('finds French words with or without their accents, and English words', async () => {
        const { keys } = await expectFinds(readers.zoe, 'pondération', expect_.word('ponderation'));
        // Two in #methodes-stats, one in Zoë's conversation with Amina.
        expect(keys).toHaveLength(3);
        expect((await all(readers.zoe, 'ponderation')).hits.map(keyOf)).toEqual(keys);
        expect((await all(readers.zoe, 'PONDÉRATION')).hits.map(keyOf)).toEqual(keys);
        const english = await expectFinds(readers.zoe, 'weighting', expect_.word('weighting'));
        expect(english.keys).toHaveLength(1);
        expect(english.hits[0]!.channelLabel).toBe('methodes-stats');
        await expectFinds(readers.zoe, 'zéphyr', expect_.word('zephyr'));
        expect((await ok(readers.zoe, 'zephyr')).total).toBe(2);
      });
    });

    describe('word forms, small words and threads', () => {
      it('finds other forms of a word, English and French, and ranks the form as typed first', async () => {
        const translating = await expectFinds(readers.zoe, 'translating', expect_.form('translating', 'translation'));
        expect(translating.keys).toEqual(expect.arrayContaining([seedKey('translating'), seedKey('translation')]));
        const reunion = await expectFinds(readers.zoe, 'réunion quartz', expect_.and(expect_.form('réunion', 'reunions'), expect_.word('quartz')));
        expect(reunion.keys).toEqual([seedKey('reunions')]);
        const ranked = await ok(readers.zoe, 'translation theremin', 'relevance');
        expect(ranked.hits.map(keyOf).slice(0, 2)).toEqual([seedKey('translation'), seedKey('translating')]);
        // Marked in the snippet: the form the message holds.
        const hit = translating.hits.find((found) => keyOf(found) === seedKey('translation'))!;
        expect(snippetWords(hit).marked).toContain('translation');
      });

      it('finds contractions written with or without their apostrophe, and a word after an elision', async () => {
        expect((await expectFinds(readers.zoe, 'cant theremin', expect_.where((doc) => doc.key === seedKey('translation')))).keys).toEqual([seedKey('translation')]);
        expect((await ok(readers.zoe, "can't theremin")).hits.map(keyOf)).toEqual([seedKey('translation')]);
        expect((await ok(readers.zoe, 'aujourdhui quartz')).hits.map(keyOf)).toEqual([seedKey('reunions')]);
        expect((await ok(readers.zoe, 'equipe quartz')).hits.map(keyOf)).toEqual([seedKey('reunions')]);
        expect((await ok(readers.zoe, "l'équipe quartz")).hits.map(keyOf)).toEqual([seedKey('reunions')]);
      });

      it('does not require stop words, except inside quotes', async () => {
        const loose = await expectFinds(readers.zoe, 'the theremin team', expect_.and(expect_.word('theremin'), expect_.word('team')));
        expect(loose.keys).toEqual([seedKey('translating')]);
        expect((await ok(readers.zoe, 'theremin with')).total).toBe(2);
        expect((await ok(readers.zoe, '"for the theremin"')).hits.map(keyOf)).toEqual([seedKey('translating')]);
        expect((await ok(readers.zoe, '"with the theremin"')).total).toBe(0);
      });

      it('finds a reply through the words of its thread, when it holds one of them itself', async () => {
        // « c » is a stop word (French « c' »): not required.
        const { keys } = await expectFinds(readers.zoe, 'debug C code gdb', expect_.and(expect_.word('debug'), expect_.word('code'), expect_.word('gdb')));
        expect(keys).toEqual([seedKey('gdbReply')]);
        // A reply holding none of the words is not found through its thread alone; holding one, it is.
        expect((await ok(readers.zoe, 'zircon parser')).hits.map(keyOf)).toEqual([seedKey('gdbRoot')]);
        expect((await ok(readers.zoe, 'zircon parser merci')).hits.map(keyOf)).toEqual([seedKey('gdbThanks')]);
      });
    });

    describe('signals of a conversation archive', () => {
      it("ranks a person's message above a bot's post holding the same words, though the post is shorter and newer", async () => {
        const { keys } = await expectFinds(readers.zoe, 'basilisk staging', expect_.and(expect_.word('basilisk'), expect_.word('staging')));
        expect(keys.toSorted()).toEqual([seedKey('basiliskPerson'), seedKey('basiliskBot')].toSorted());
        expect((await ok(readers.zoe, 'basilisk staging', 'relevance')).hits.map(keyOf)).toEqual([seedKey('basiliskPerson'), seedKey('basiliskBot')]);
        // Newest first still means newest first: the weight is relevance's alone.
        expect((await ok(readers.zoe, 'basilisk staging', 'newest')).hits.map(keyOf)).toEqual([seedKey('basiliskBot'), seedKey('basiliskPerson')]);
      });

      it("finds a message through its channel's purpose when it holds one of the words itself, below the messages holding them all", async () => {
        const { keys } = await expectFinds(readers.zoe, 'xylomancie grimoire', expect_.and(expect_.word('xylomancie'), expect_.word('grimoire')));
        expect(keys.toSorted()).toEqual([seedKey('grimoireOwn'), seedKey('grimoireChannel')].toSorted());
        expect((await ok(readers.zoe, 'xylomancie grimoire', 'relevance')).hits.map(keyOf)).toEqual([seedKey('grimoireOwn'), seedKey('grimoireChannel')]);
        // The purpose alone finds nothing: a message must hold a word of the question itself.
        expect((await ok(readers.zoe, 'xylomancie')).hits.map(keyOf)).toEqual([seedKey('grimoireOwn')]);
        // Another channel's purpose does not reach a message: the private channel's « grimoire » has no « xylomancie ».
        expect((await ok(readers.elise, 'xylomancie grimoire')).hits.map(keyOf).toSorted()).toEqual([seedKey('grimoireOwn'), seedKey('grimoireChannel')].toSorted());
      });

      it("keeps a private channel's purpose to its members", async () => {
        expect((await ok(readers.elise, 'tamarinier grimoire')).hits.map(keyOf)).toEqual([seedKey('grimoirePrivate')]);
        for (const q of ['tamarinier grimoire', 'tamarinier', 'confidentiel grimoire', 'grimoire']) {
          const outcome = await ok(readers.zoe, q);
          expect(outcome.hits.map((hit) => hit.channelId).filter((channel) => channel === WORKSHOP_PRIVATE), q).toEqual([]);
          expect(outcome.facets.channels.map((facet) => facet.value), q).not.toContain(WORKSHOP_PRIVATE);
        }
        expect((await ok(readers.zoe, 'tamarinier grimoire')).total).toBe(0);
      });
    });

    describe('typos', () => {
      it('forgives one typo in a word of five letters or more: a transposition or a substitution', async () => {
        const intended = (await all(readers.zoe, 'ponderation')).hits.map(keyOf);
        for (const typo of ['pondreation', 'ponderasion', 'ponderatoin']) {
          const { keys } = await expectFinds(readers.zoe, typo, expect_.typo(typo, 'ponderation'));
          expect(keys.toSorted(), typo).toEqual(intended.toSorted());
        }
        await expectFinds(readers.zoe, 'wieghting', expect_.typo('wieghting', 'weighting'));
        await expectFinds(readers.zoe, 'weightimg', expect_.typo('weightimg', 'weighting'));
        // Five letters exactly: "drive" (the shared drive).
        const drive = await expectFinds(readers.zoe, 'drvie', expect_.typo('drvie', 'drive'));
        expect(drive.keys.length).toBeGreaterThanOrEqual(8);
        await expectFinds(readers.zoe, 'zepyhr', expect_.typo('zepyhr', 'zephyr'));
      });

      it('ranks messages holding the word as typed above those found through a typo, and whole words above a prefix', async () => {
        const exact = [seedKey('pangolinZoo'), seedKey('pangolinFilm')].toSorted();
        for (const query of ['pangolin', 'pangolin*']) {
          const { keys } = await expectFinds(readers.zoe, query, query.endsWith('*') ? expect_.prefix('pangolin') : expect_.word('pangolin'), 'relevance');
          expect(keys.slice(0, 2).toSorted(), query).toEqual(exact);
          expect(keys[2], query).toBe(seedKey('pangolins'));
        }
      });

      it('marks the word it found, not the one typed', async () => {
        const { hits } = await all(readers.zoe, 'pondreation');
        for (const hit of hits) expect(snippetWords(hit).marked).toContain('ponderation');
      });

      it('matches words of fewer than five letters exactly', async () => {
        expect((await ok(readers.zoe, 'nuit')).total).toBe(1);
        for (const typo of ['niut', 'nuot', 'nuir', 'nui']) {
          const outcome = await ok(readers.zoe, typo);
          expect(outcome.total, typo).toBe(0);
          expect(outcome.hits).toEqual([]);
        }
      });

      it('forgives no typo inside quotes', async () => {
        expect((await ok(readers.zoe, '"pondreation"')).total).toBe(0);
        expect((await ok(readers.zoe, '"ponderation"')).total).toBe(3);
      });
    });

    describe('a search no message fully answers', () => {
      /**
       * A relaxed search's first page: hits readable and within `words` (what may be found), those holding
       * every word (`every`) before the others, and the embedded engine naming the words it left out exactly
       * when some hit lacks one (Meilisearch's "frequency" strategy does not say).
       */
      async function relaxed(reader: Reader, q: string, words: Expectation, every: Expectation) {
        const outcome = (await run(reader, q, 'relevance', 1, true)) as Ok;
        expect(outcome.status).toBe('ok');
        const keys = outcome.hits.map(keyOf);
        const { upper } = await bounds(reader, words);
        expect(keys.filter((key) => !upper.has(key)), `unexpected hits for ${q}`).toEqual([]);
        const complete = (await bounds(reader, every)).upper;
        const lacking = keys.map((key) => !complete.has(key));
        expect(lacking.indexOf(true) === -1 || lacking.lastIndexOf(false) < lacking.indexOf(true), `complete matches first for ${q}`).toBe(true);
        expect(outcome.leftOut.every((word) => foldWords(q).includes(word))).toBe(true);
        if (name === 'embedded') expect(outcome.leftOut.length > 0, `left out for ${q}`).toBe(lacking.includes(true));
        return { outcome, keys, lacking: lacking.filter(Boolean).length };
      }
      const anyOf = (...words: string[]): Expectation => ({ lower: () => false, upper: (doc) => words.some((word) => expect_.word(word).upper(doc)) });
      const allOf = (...words: string[]): Expectation => expect_.and(...words.map((word) => expect_.word(word)));

      it('continues with messages holding most of the words, complete matches first, where a strict search finds too few', async () => {
        expect((await ok(readers.zoe, 'pangolin granby quokka')).total).toBe(0);
        const none = await relaxed(readers.zoe, 'pangolin granby quokka', anyOf('pangolin', 'granby', 'quokka'), allOf('pangolin', 'granby', 'quokka'));
        expect(none.keys.length).toBeGreaterThan(0);
        expect(none.lacking).toBe(none.keys.length);
        const one = await relaxed(readers.zoe, 'pangolin soir', anyOf('pangolin', 'soir'), allOf('pangolin', 'soir'));
        expect(one.keys.slice(0, 2).toSorted()).toEqual([seedKey('pangolinZoo'), seedKey('pangolinFilm')].toSorted());
      });

      it('leaves out first a word no message holds', async () => {
        const { keys, outcome } = await relaxed(readers.zoe, 'pangolin xylophonique', anyOf('pangolin'), allOf('pangolin', 'xylophonique'));
        expect(keys).toEqual(expect.arrayContaining([seedKey('pangolinZoo'), seedKey('pangolinFilm')]));
        if (name === 'embedded') expect(outcome.leftOut).toEqual(['xylophonique']);
      });

      it('does not relax when a page of messages holds every word', async () => {
        const both = docs().filter((doc) => doc.words.includes('de') && doc.words.includes('la')).length;
        expect(both).toBeGreaterThan(SEARCH_PAGE_SIZE);
        const { outcome, lacking } = await relaxed(readers.zoe, 'de la', allOf('de', 'la'), allOf('de', 'la'));
        expect(outcome.leftOut).toEqual([]);
        expect(lacking).toBe(0);
      });

      it('never relaxes a phrase, an exclusion or a filter', async () => {
        const phrase = await relaxed(readers.zoe, '"pangolin du zoo" quokka', expect_.phrase('pangolin du zoo'), expect_.and(expect_.phrase('pangolin du zoo'), expect_.word('quokka')));
        expect(phrase.keys).toEqual([seedKey('pangolinZoo')]);
        const anyWord = anyOf('pangolin', 'quokka');
        await relaxed(readers.zoe, 'pangolin quokka -granby', expect_.and(anyWord, expect_.not(expect_.word('granby'))), allOf('pangolin', 'quokka'));
        await relaxed(readers.zoe, `pangolin quokka in:${BAVARDAGE}`, expect_.and(anyWord, expect_.where((doc) => doc.channelId === BAVARDAGE)), allOf('pangolin', 'quokka'));
      });
    });

    describe('phrases, exclusions, prefixes', () => {
      it('finds an exact phrase only where its words follow each other', async () => {
        const phrase = await expectFinds(readers.zoe, '"données de santé"', expect_.phrase('données de santé'));
        expect(phrase.keys).toHaveLength(4);
        // Outside quotes « de » is a stop word: not required.
        const apart = await expectFinds(readers.zoe, 'données de santé', expect_.and(expect_.word('données'), expect_.word('santé')));
        expect(apart.keys).toEqual(expect.arrayContaining(phrase.keys));
        expect(apart.keys.length).toBeGreaterThan(phrase.keys.length);
        // Words joined by a hyphen or an apostrophe are a phrase of their own.
        const hyphen = await expectFinds(readers.zoe, 'Jean-Luc', expect_.phrase('jean luc'));
        expect(hyphen.keys.length).toBeGreaterThan(0);
        // Curly and French quotes are quotes too.
        expect((await all(readers.zoe, '“données de santé”')).hits.map(keyOf)).toEqual(phrase.keys);
        expect((await all(readers.zoe, '« données de santé »')).hits.map(keyOf)).toEqual(phrase.keys);
      });

      it('leaves out messages with an excluded word or phrase', async () => {
        const withLaval = await expectFinds(
          readers.zoe,
          'universite -laval',
          expect_.and(expect_.word('universite'), expect_.not(expect_.word('laval'))),
        );
        expect(withLaval.keys).not.toContain(seedKey('straight'));
        expect(withLaval.keys).toContain(seedKey('curly'));
        const phrase = await expectFinds(
          readers.zoe,
          'universite -"de montréal"',
          expect_.and(expect_.word('universite'), expect_.not(expect_.phrase('de montréal'))),
        );
        expect(phrase.keys).not.toContain(seedKey('curly'));
        expect(phrase.keys).toContain(seedKey('straight'));
        // The words of an excluded phrase apart do not exclude.
        const apart = await all(readers.zoe, 'zephyr -"minuit juste"');
        expect(apart.first.total).toBe(2);
        await expectFinds(readers.zoe, 'zephyr -avant', expect_.and(expect_.word('zephyr'), expect_.not(expect_.word('avant'))));
        expect((await ok(readers.zoe, 'zephyr -avant')).hits.map(keyOf)).toEqual([seedKey('afterMidnight')]);
      });

      it('finds words by their beginning with prefix*', async () => {
        const { keys } = await expectFinds(readers.zoe, 'pond*', expect_.prefix('pond'));
        expect(keys.length).toBeGreaterThanOrEqual(3);
        const univ = await expectFinds(readers.zoe, 'univ*', expect_.prefix('univ'));
        expect(univ.keys.length).toBeGreaterThan((await ok(readers.zoe, 'universite')).total);
        await expectFinds(readers.zoe, 'zéph*', expect_.prefix('zeph'));
        // Two and three letters too: the shortest prefixes read the widest range of words (no prefix index serves them).
        await expectFinds(readers.zoe, 'uni*', expect_.prefix('uni'));
        await expectFinds(readers.zoe, 'po*', expect_.prefix('po'));
        await expectFinds(readers.zoe, 'colloque univ*', expect_.and(expect_.word('colloque'), expect_.prefix('univ')));
      });

      it('says so when a prefix is too short to search', async () => {
        const outcome = await run(readers.zoe, 'u*');
        expect(outcome.status).toBe('empty');
        expect(reasons(outcome.notes)).toContain('short-prefix');
      });
    });

    describe('filters', () => {
      it('in:#channel by name, accented name, folded name and id', async () => {
        const general = await expectFinds(
          readers.zoe,
          'in:#general',
          expect_.where((doc) => doc.channelId === GENERAL),
        );
        expect(general.first.total).toBeGreaterThan(SEARCH_PAGE_SIZE);
        expect(general.first.facets.channels.map((facet) => facet.value)).toEqual([GENERAL]);
        const events = await expectFinds(
          readers.zoe,
          'in:#événements',
          expect_.where((doc) => doc.channelId === EVENEMENTS),
        );
        expect(events.keys.length).toBeGreaterThan(0);
        for (const q of [
          'in:#evenements',
          'in:Événements',
          `in:${EVENEMENTS}`,
          `in:${EVENEMENTS.toLowerCase()}`,
          `in:<#${EVENEMENTS}|événements>`,
        ]) {
          expect((await all(readers.zoe, q)).hits.map(keyOf), q).toEqual(events.keys);
        }
        await expectFinds(
          readers.zoe,
          'universite in:#general',
          expect_.and(
            expect_.word('universite'),
            expect_.where((doc) => doc.channelId === GENERAL),
          ),
        );
        await expectFinds(
          readers.zoe,
          'in:#general in:#bavardage zephyr',
          expect_.and(
            expect_.word('zephyr'),
            expect_.where((doc) => doc.channelId === GENERAL || doc.channelId === BAVARDAGE),
          ),
        );
      });

      it('from:@handle, display name, real name, id and me', async () => {
        const zoe = await expectFinds(
          readers.zoe,
          'from:@zoe in:#donnees-partage',
          expect_.where((doc) => doc.userId === ZOE && doc.channelId === 'C04C7DPRT2M'),
        );
        expect(zoe.keys.length).toBeGreaterThan(0);
        const everywhere = await ok(readers.zoe, 'from:@zoe');
        for (const q of ['from:zoe', 'from:Zoë', 'from:"Zoë Bergeron"', 'from:@ZOE', `from:${ZOE}`, `from:<@${ZOE}>`, 'from:me']) {
          expect((await all(readers.zoe, `${q} in:#donnees-partage`)).hits.map(keyOf), q).toEqual(zoe.keys);
          const first = await ok(readers.zoe, q);
          expect(first.total, q).toBe(everywhere.total);
          expect(first.hits.map(keyOf), q).toEqual(everywhere.hits.map(keyOf));
        }
        const francois = await expectFinds(
          readers.zoe,
          'from:"François N." in:#methodes-stats',
          expect_.where((doc) => doc.userId === 'U04C8FNG2TR' && doc.channelId === 'C04D1MST8KV'),
        );
        expect(francois.keys.length).toBeGreaterThan(0);
        expect((await all(readers.zoe, 'from:francois.nguyen in:#methodes-stats')).hits.map(keyOf)).toEqual(francois.keys);
        expect((await all(readers.zoe, 'from:"Francois Nguyen" in:#methodes-stats')).hits.map(keyOf)).toEqual(francois.keys);
        // More messages than a reader can page through: the total counts them all.
        const everything = await ok(readers.zoe, 'from:"François N."');
        const channels = await readable(readers.zoe);
        expect(everything.total).toBeGreaterThan(MAX_SEARCH_PAGE * SEARCH_PAGE_SIZE);
        expect(everything.total).toBe(demo!.docs.filter((doc) => doc.userId === 'U04C8FNG2TR' && channels.has(doc.channelId)).length);
        await expectFinds(
          readers.zoe,
          'from:@zoe from:@amina.diallo',
          expect_.where((doc) => doc.userId === ZOE || doc.userId === AMINA),
        );
      });

      it('before:, after:, on: and during: read days in the community time zone', async () => {
        await expectFinds(
          readers.zoe,
          'during:2025',
          expect_.where((doc) => doc.day.startsWith('2025-')),
        );
        await expectFinds(
          readers.zoe,
          'during:2023-11',
          expect_.where((doc) => doc.day.startsWith('2023-11-')),
        );
        await expectFinds(
          readers.zoe,
          'before:2023-03-02',
          expect_.where((doc) => doc.day < '2023-03-02'),
        );
        await expectFinds(
          readers.zoe,
          'after:2025-01-01',
          expect_.where((doc) => doc.day > '2025-01-01'),
        );
        await expectFinds(
          readers.zoe,
          'after:2023-11-01 before:2023-11-30 in:#donnees-partage',
          expect_.where((doc) => doc.day > '2023-11-01' && doc.day < '2023-11-30' && doc.channelId === 'C04C7DPRT2M'),
        );
        const june13 = await expectFinds(
          readers.zoe,
          'on:2024-06-13',
          expect_.where((doc) => doc.day === '2024-06-13'),
        );
        expect(june13.keys).toContain(AFTER_MIDNIGHT_GENERAL);
        const june12 = await expectFinds(
          readers.zoe,
          'on:2024-06-12',
          expect_.where((doc) => doc.day === '2024-06-12'),
        );
        expect(june12.keys).not.toContain(AFTER_MIDNIGHT_GENERAL);
        // 21:40 in Toronto on the 20th is the 21st in UTC.
        expect((await all(readers.zoe, `on:2023-11-20 in:${ZOE_AMINA_DM}`)).hits.map(keyOf)).toContain(EVENING_DM);
        expect((await all(readers.zoe, `on:2023-11-21 in:${ZOE_AMINA_DM}`)).hits.map(keyOf)).not.toContain(EVENING_DM);
        // One second either side of midnight.
        expect((await all(readers.zoe, 'zephyr on:2024-03-08')).hits.map(keyOf)).toEqual([seedKey('beforeMidnight')]);
        expect((await all(readers.zoe, 'zephyr on:2024-03-09')).hits.map(keyOf)).toEqual([seedKey('afterMidnight')]);
        expect((await all(readers.zoe, 'zephyr before:2024-03-09')).hits.map(keyOf)).toEqual([seedKey('beforeMidnight')]);
        expect((await all(readers.zoe, 'zephyr after:2024-03-08')).hits.map(keyOf)).toEqual([seedKey('afterMidnight')]);
        expect((await all(readers.zoe, 'zephyr during:2024-03')).hits.map(keyOf)).toHaveLength(2);
        // An empty range finds nothing, and says nothing is wrong.
        expect((await ok(readers.zoe, 'zephyr after:2024-03-09 before:2024-03-09')).total).toBe(0);
      });

      it('has:file, has:link, has:reaction and is:thread', async () => {
        const files = await expectFinds(
          readers.zoe,
          'has:file',
          expect_.where((doc) => doc.hasFile),
        );
        expect(files.keys.length).toBeGreaterThan(SEARCH_PAGE_SIZE);
        const links = await expectFinds(
          readers.zoe,
          'has:link in:#general',
          expect_.where((doc) => doc.hasLink && doc.channelId === GENERAL),
        );
        expect(links.keys.length).toBeGreaterThan(0);
        await expectFinds(
          readers.zoe,
          'has:reaction in:#general',
          expect_.where((doc) => doc.hasReaction && doc.channelId === GENERAL),
        );
        await expectFinds(
          readers.zoe,
          'is:thread in:#donnees-partage',
          expect_.where((doc) => doc.isThread && doc.channelId === 'C04C7DPRT2M'),
        );
        // Larger than the pages a reader can open: the total still counts them all.
        const threads = await ok(readers.zoe, 'is:thread');
        const channels = await readable(readers.zoe);
        expect(threads.total).toBe(demo!.docs.filter((doc) => doc.isThread && channels.has(doc.channelId)).length);
        const reactions = await ok(readers.zoe, 'has:reactions');
        expect(reactions.total).toBe(demo!.docs.filter((doc) => doc.hasReaction && channels.has(doc.channelId)).length);
      });

      it('combines words and every kind of filter', async () => {
        await expectFinds(
          readers.zoe,
          'from:@elise.cote in:#general during:2023 has:reaction',
          expect_.where((doc) => doc.userId === ELISE && doc.channelId === GENERAL && doc.day.startsWith('2023-') && doc.hasReaction),
        );
        await expectFinds(
          readers.zoe,
          'drive has:link -dossier',
          expect_.and(
            expect_.word('drive'),
            expect_.not(expect_.word('dossier')),
            expect_.where((doc) => doc.hasLink),
          ),
        );
        await expectFinds(
          readers.zoe,
          'is:thread has:file during:2023',
          expect_.where((doc) => doc.isThread && doc.hasFile && doc.day.startsWith('2023-')),
        );
        // Exclusions with a filter only: the filter says what to search.
        await expectFinds(
          readers.zoe,
          'in:#bavardage -zephyr',
          expect_.and(
            expect_.where((doc) => doc.channelId === BAVARDAGE),
            expect_.not(expect_.word('zephyr')),
          ),
        );
        await expectFinds(
          readers.zoe,
          'during:2024-03 -zephyr',
          expect_.and(
            expect_.where((doc) => doc.day.startsWith('2024-03-')),
            expect_.not(expect_.word('zephyr')),
          ),
        );
      });

      it('finds nothing for an unknown channel or person, and says which', async () => {
        for (const [q, reason, text] of [
          ['universite in:#nulle-part', 'unknown-channel', 'in:nulle-part'],
          ['in:C0000000000', 'unknown-channel', 'in:C0000000000'],
          ['universite from:@personne', 'unknown-person', 'from:personne'],
          ['from:U0000000000', 'unknown-person', 'from:U0000000000'],
        ] as const) {
          const outcome = await ok(readers.zoe, q);
          expect(outcome.total, q).toBe(0);
          expect(outcome.hits).toEqual([]);
          expect(outcome.notes, q).toContainEqual({ text, reason });
          expect(outcome.facets).toEqual({ channels: [], people: [], years: [] });
        }
        // A known channel beside an unknown one still searches the known one.
        const mixed = await ok(readers.zoe, 'zephyr in:#bavardage in:#nulle-part');
        expect(mixed.total).toBe(2);
        expect(reasons(mixed.notes)).toEqual(['unknown-channel']);
        // Filter syntax in a name is a name: it matches nothing and injects nothing.
        for (const q of [
          'in:"general\\" OR channelId EXISTS"',
          'from:"x\\" OR authorId EXISTS OR \\"y"',
          'in:ch* universite',
          'from:"*"',
        ]) {
          const outcome = await run(readers.zoe, q);
          if (outcome.status === 'ok') expect(outcome.total, q).toBe(0);
        }
      });
    });

    describe('sorting and paging', () => {
      it('orders newest and oldest strictly by time, and relevance finds the same set', async () => {
        const q = 'has:link';
        const newest = await all(readers.zoe, q, 'newest');
        const times = newest.hits.map((hit) => hit.tsMs);
        expect(times).toEqual(times.toSorted((a, b) => b - a));
        const oldest = await all(readers.zoe, q, 'oldest');
        expect(oldest.hits.map((hit) => hit.tsMs)).toEqual(times.toReversed());
        expect(oldest.hits.map(keyOf).toSorted()).toEqual(newest.hits.map(keyOf).toSorted());
        const relevance = await all(readers.zoe, q, 'relevance');
        expect(relevance.hits.map(keyOf).toSorted()).toEqual(newest.hits.map(keyOf).toSorted());
        for (const words of ['universite', 'données de santé', 'drive', 'univ*']) {
          const byTime = await all(readers.zoe, words, 'newest');
          const ranked = await all(readers.zoe, words, 'relevance');
          expect(ranked.hits.map(keyOf).toSorted(), words).toEqual(byTime.hits.map(keyOf).toSorted());
          expect(ranked.first.total).toBe(byTime.first.total);
          const old = await all(readers.zoe, words, 'oldest');
          expect(old.hits.map((hit) => hit.tsMs)).toEqual(byTime.hits.map((hit) => hit.tsMs).toReversed());
        }
      });

      it('pages are disjoint, cover the total and come back the same', async () => {
        const first = await ok(readers.zoe, 'in:#general', 'newest', 1);
        expect(first.hits).toHaveLength(SEARCH_PAGE_SIZE);
        expect(first.pageCount).toBe(Math.ceil(first.total / SEARCH_PAGE_SIZE));
        const again = await ok(readers.zoe, 'in:#general', 'newest', 1);
        expect(again.hits.map(keyOf)).toEqual(first.hits.map(keyOf));
        const last = await ok(readers.zoe, 'in:#general', 'newest', first.pageCount);
        expect(last.hits).toHaveLength(first.total - (first.pageCount - 1) * SEARCH_PAGE_SIZE);
        const beyond = await ok(readers.zoe, 'in:#general', 'newest', first.pageCount + 1);
        expect(beyond.hits).toEqual([]);
        expect(beyond.total).toBe(first.total);
        // Nonsense pages read as the first.
        expect((await ok(readers.zoe, 'in:#general', 'newest', 0)).hits.map(keyOf)).toEqual(first.hits.map(keyOf));
        expect((await ok(readers.zoe, 'in:#general', 'newest', Number.NaN)).hits.map(keyOf)).toEqual(first.hits.map(keyOf));
      });
    });

    describe('facets', () => {
      it('count the hits by channel, person and year, and add up to the total', async () => {
        for (const q of ['universite', 'drive', 'has:file', 'from:@elise.cote colloque']) {
          const { first } = await all(readers.zoe, q);
          // Every hit has a channel and a year; people leave out messages without an author (integrations).
          const sum = (facets: { count: number }[]) => facets.reduce((total, facet) => total + facet.count, 0);
          expect(sum(first.facets.channels), q).toBe(first.total);
          expect(sum(first.facets.years), q).toBe(first.total);
          expect(sum(first.facets.people), q).toBeLessThanOrEqual(first.total);
          for (const facet of [...first.facets.channels, ...first.facets.people]) expect(facet.label, q).not.toBe('');
        }
      });

      it('clicking a facet (adding its filter) finds exactly its count', async () => {
        for (const q of ['universite', 'drive', 'has:file']) {
          const { first } = await all(readers.zoe, q);
          // As SearchFacets.astro builds its links.
          const channelValue = (facet: { value: string; label: string }) =>
            /^[\p{L}\p{N}_-]+$/u.test(facet.label) ? facet.label : facet.value;
          const clicks: [FilterKey, string, number][] = [
            ...first.facets.channels.map((facet) => ['in', channelValue(facet), facet.count] as [FilterKey, string, number]),
            ...first.facets.people.map((facet) => ['from', facet.value, facet.count] as [FilterKey, string, number]),
            ...first.facets.years.map((facet) => ['during', facet.value, facet.count] as [FilterKey, string, number]),
          ];
          for (const [key, value, count] of clicks) {
            const narrowed = withFilter(q, key, value);
            const outcome = await ok(readers.zoe, narrowed);
            expect(outcome.total, narrowed).toBe(count);
            expect(outcome.notes, narrowed).toEqual([]);
          }
        }
      });

      it("count years in the reader's own time zone, as `during:` then reads them", async () => {
        const inZone = async (q: string, timeZone: string) => {
          const outcome = await searchArchive({ db: demo!.database.db, engine: demo!.engine, timeZone }, await readerAccess(demo!.database.db, readers.zoe), { q, sort: 'relevance', page: 1, allWords: true });
          expect(outcome.status).toBe('ok');
          return outcome as Ok;
        };
        expect((await inZone('capybara', CONTRACT_TIME_ZONE)).facets.years.map(({ value, count }) => [value, count])).toEqual([['2023', 1]]);
        expect((await inZone('capybara', 'Asia/Tokyo')).facets.years.map(({ value, count }) => [value, count])).toEqual([['2024', 1]]);
        // Every year of a broad search, against the oracle's calendar in Tokyo, each found again by clicking it.
        for (const [q, channelId] of [['in:#bavardage', BAVARDAGE], ['in:#general', GENERAL]] as const) {
          const outcome = await inZone(q, 'Asia/Tokyo');
          const readable = await readableChannelIds(demo!.database.db, readers.zoe);
          const yearOf = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric' });
          const { lower } = await bounds(readers.zoe, expect_.where((doc) => doc.channelId === channelId));
          const expected = new Map<string, number>();
          for (const key of lower) {
            const doc = demo!.byKey.get(key)!;
            if (readable.has(doc.channelId)) expected.set(yearOf.format(doc.tsMs), (expected.get(yearOf.format(doc.tsMs)) ?? 0) + 1);
          }
          expect(Object.fromEntries(outcome.facets.years.map(({ value, count }) => [value, count])), q).toEqual(Object.fromEntries(expected));
          expect(outcome.facets.years.reduce((sum, facet) => sum + facet.count, 0), q).toBe(outcome.total);
          for (const facet of outcome.facets.years) expect((await inZone(withFilter(q, 'during', facet.value), 'Asia/Tokyo')).total, `${q} during:${facet.value}`).toBe(facet.count);
        }
      });
    });

    describe('snippets', () => {
      it('mark the matched words only, everywhere they occur in the snippet', async () => {
        for (const [q, matched] of [
          ['universite', (word: string) => word === 'universite' || queryStems(word).some((form) => queryStems('universite').includes(form))],
          ['univ*', (word: string) => word.startsWith('univ')],
          ['zephyr minuit', (word: string) => word === 'zephyr' || word === 'minuit'],
          ['"données de santé"', (word: string) => ['donnees', 'de', 'sante'].includes(word)],
        ] as const) {
          const { hits } = await all(readers.zoe, q);
          expect(hits.length).toBeGreaterThan(0);
          for (const hit of hits) {
            const { marked, unmarked } = snippetWords(hit);
            expect(marked.length, `${q}: ${JSON.stringify(hit.snippet)}`).toBeGreaterThan(0);
            expect(
              marked.filter((word) => !matched(word)),
              `${q}: marked`,
            ).toEqual([]);
            if (q === 'universite') expect(unmarked.filter(matched), `${q}: unmarked`).toEqual([]);
            expectPlainSnippet(hit, demo!.byKey.get(keyOf(hit))!);
          }
        }
      });

      it('are plain text: markup in a message stays text, and only our marks become markup', async () => {
        for (const q of ['quokka', 'onerror', 'gras', 'faux', 'alert']) {
          const { hits } = await all(readers.zoe, q);
          const hit = hits.find((candidate) => keyOf(candidate) === seedKey('hostile'));
          expect(hit, q).toBeDefined();
          expectPlainSnippet(hit!, demo!.byKey.get(seedKey('hostile'))!);
          for (const part of hit!.snippet.filter((candidate) => candidate.match)) expect(foldWords(part.text), q).toEqual([q]);
          const html = renderSnippet(hit!);
          expect(html).not.toMatch(/<(img|script|b|a)\b/i);
          expect(html.match(/<mark>/g)?.length).toBe(hit!.snippet.filter((part) => part.match).length);
        }
        // The demo's own test message: its <script> is text in the snippet.
        const { hits } = await all(readers.zoe, 'affichage portail');
        const script = hits.find((hit) => hit.channelId === GENERAL);
        expect(script).toBeDefined();
        expect(script!.snippet.map((part) => part.text).join('')).toContain('<script>alert(1)</script>');
        expect(renderSnippet(script!)).not.toContain('<script');
      });
    });

    describe('hostile queries', () => {
      const cases: { q: string; notes: IgnoredReason[]; status?: 'ok' | 'empty' }[] = [
        { q: '"universite', notes: ['unbalanced-quote'], status: 'ok' },
        { q: 'universite "laval', notes: ['unbalanced-quote'], status: 'ok' },
        { q: '"', notes: ['unbalanced-quote'], status: 'empty' },
        { q: '""', notes: ['nothing-to-search'], status: 'empty' },
        { q: 'NEAR(universite laval', notes: [] },
        { q: 'NEAR(', notes: [] },
        { q: 'AND OR NOT', notes: [], status: 'ok' },
        { q: 'universite AND NOT laval OR', notes: [], status: 'ok' },
        { q: 'body : universite', notes: [], status: 'ok' },
        { q: 'meta:chC04H2CET7WP', notes: [], status: 'ok' },
        { q: '{body meta}: universite', notes: [], status: 'ok' },
        { q: '^universite + * ( ) " :', notes: ['unbalanced-quote'], status: 'ok' },
        { q: 'universite*)', notes: [], status: 'ok' },
        { q: `universite ${'x'.repeat(9_989)}`, notes: ['too-long'], status: 'ok' },
        { q: Array.from({ length: 2_000 }, (_, i) => `mot${i}`).join(' '), notes: ['too-long', 'too-many-terms'], status: 'ok' },
        { q: '-universite -laval', notes: ['nothing-to-search'], status: 'empty' },
        { q: '-"données de santé"', notes: ['nothing-to-search'], status: 'empty' },
        { q: '!!! ??? (( )) ... — ; ,', notes: ['nothing-to-search'], status: 'empty' },
        { q: '-', notes: ['nothing-to-search'], status: 'empty' },
        {
          q: 'in: from: has:nothing is:open after:2024-02-30 during:2024-13',
          notes: ['empty-filter', 'unknown-filter', 'bad-date'],
          status: 'empty',
        },
        { q: '\u0000\u202euniversite\u200b', notes: [], status: 'ok' },
        { q: '\ud800universite', notes: [], status: 'ok' },
      ];
      for (const { q, notes, status } of cases) {
        it(`never fails on ${JSON.stringify(q.length > 60 ? `${q.slice(0, 60)}…` : q)}`, async () => {
          for (const sort of ['relevance', 'newest', 'oldest'] as const) {
            const outcome = await run(readers.zoe, q, sort);
            if (status) expect(outcome.status).toBe(status);
            else expect(['ok', 'empty']).toContain(outcome.status);
            expect([...reasons(outcome.notes)].sort()).toEqual([...notes].sort());
            if (outcome.status === 'ok') {
              for (const hit of outcome.hits) expect((await readable(readers.zoe)).has(hit.channelId)).toBe(true);
              expect(outcome.hits.length).toBeLessThanOrEqual(SEARCH_PAGE_SIZE);
            }
          }
        });
      }

      it('still searches what it could read', async () => {
        const universite = (await ok(readers.zoe, 'universite')).total;
        expect((await ok(readers.zoe, '"universite')).total).toBe(universite);
        expect((await ok(readers.zoe, `universite ${' '.repeat(9_980)}x`)).total).toBe(universite);
        // Operators are words here: "and", "or", "not" must all occur when nothing else is asked…
        await expectFinds(readers.zoe, 'AND OR NOT', expect_.and(expect_.word('and'), expect_.word('or'), expect_.word('not')));
        // …and beside another word they are stop words, not required.
        await expectFinds(readers.zoe, 'universite AND', expect_.word('universite'));
      });
    });

    describe('access: a private channel stays private', () => {
      /** Nothing of #comite-ethique (or any channel the reader may not read) in any part of a response. */
      async function expectNothingPrivate(reader: Reader, q: string): Promise<Ok | null> {
        const channels = await readable(reader);
        const outcome = await run(reader, q);
        if (outcome.status !== 'ok') return null;
        const { hits } = await all(reader, q);
        expect(hits.filter((hit) => !channels.has(hit.channelId)).map(keyOf), q).toEqual([]);
        expect(outcome.total, `${q}: total counts only readable hits`).toBe(hits.length);
        expect(
          outcome.facets.channels.filter((facet) => !channels.has(facet.value)),
          q,
        ).toEqual([]);
        const text = hits.flatMap((hit) => foldWords(hit.snippet.map((part) => part.text).join(' ')));
        expect(
          text.filter((word) => CANARIES.includes(word)),
          q,
        ).toEqual([]);
        // Facet counts are the reader's hits' own (none from the private channel); checked against the oracle.
        const keys = hits.map(keyOf);
        const found = new Set(keys);
        const { lower } = await bounds(
          reader,
          expect_.where((doc) => found.has(doc.key)),
        );
        expect(lower.toSorted()).toEqual(keys.toSorted());
        const counted = (group: 'people' | 'years') => Object.fromEntries(outcome.facets[group].map((facet) => [facet.value, facet.count]));
        const yearOf = new Intl.DateTimeFormat('en-CA', { timeZone: CONTRACT_TIME_ZONE, year: 'numeric' });
        const expectedPeople: Record<string, number> = {};
        const expectedYears: Record<string, number> = {};
        for (const key of keys) {
          const doc = demo!.byKey.get(key)!;
          if (doc.userId) expectedPeople[doc.userId] = (expectedPeople[doc.userId] ?? 0) + 1;
          const year = yearOf.format(doc.tsMs);
          expectedYears[year] = (expectedYears[year] ?? 0) + 1;
        }
        if (outcome.facetSample === null) {
          for (const [value, count] of Object.entries(counted('people')))
            expect(count, `${q}: people facet ${value}`).toBe(expectedPeople[value]);
          expect(counted('years'), `${q}: years facet`).toEqual(expectedYears);
        }
        return outcome;
      }

      it("the canary words exist, and the channel's members find them", async () => {
        const channels = await readable(readers.zoe);
        expect(channels.has(ETHICS)).toBe(false);
        for (const member of [readers.elise, readers.claire]) {
          const { keys, hits } = await expectFinds(member, 'ornithorynque', expect_.word('ornithorynque'));
          expect(keys).toHaveLength(5);
          expect(keys).toContain(seedKey('ethicsBot'));
          // Its members find its reply through its thread, and its words through their other forms.
          expect((await ok(member, 'ornithorynque relis corrections')).hits.map(keyOf)).toEqual([seedKey('ethicsReply')]);
          expect((await ok(member, 'sociosanitaire')).hits.map(keyOf)).toContain(seedKey('ethicsRoot'));
          expect(hits.every((hit) => hit.channelId === ETHICS)).toBe(true);
          for (const hit of hits) expect(snippetWords(hit).marked).toContain('ornithorynque');
          for (const canary of CANARIES) expect((await ok(member, canary)).total, canary).toBeGreaterThan(0);
          await expectFinds(
            member,
            'in:#comite-ethique',
            expect_.where((doc) => doc.channelId === ETHICS),
          );
          await expectFinds(
            member,
            `from:@mathieu.leblanc in:${ETHICS}`,
            expect_.where((doc) => doc.channelId === ETHICS && doc.userId === MATHIEU),
          );
          const common = await ok(member, 'comite');
          expect(common.facets.channels.map((facet) => facet.value)).toContain(ETHICS);
        }
      });

      it('a member outside the channel finds nothing of it: hits, totals, facets, snippets', async () => {
        const zoe = readers.zoe;
        for (const q of [
          ...CANARIES,
          'ornith*',
          'ornitorynque',
          'ornithorinque',
          '"ornithorynque"',
          'ornithorynque OR universite',
          'pharmaceutique sociosanitaire',
          // Through other forms of the words, and through the private thread a reply belongs to.
          'ornithorynques',
          'pharmaceutiques',
          'sociosanitaire corrections',
          'ornithorynque relis corrections',
        ]) {
          const outcome = await ok(zoe, q);
          expect(outcome.total, q).toBe(0);
          expect(outcome.hits).toEqual([]);
          expect(outcome.facets, q).toEqual({ channels: [], people: [], years: [] });
        }
        for (const q of [
          'in:#comite-ethique',
          `in:${ETHICS}`,
          `in:<#${ETHICS}|comite-ethique>`,
          'ornithorynque in:#comite-ethique',
          `comite in:${ETHICS}`,
          `in:${ELISE_FRANCOIS_DM}`,
          'in:#projet-pilote',
        ]) {
          const outcome = await ok(zoe, q);
          expect(outcome.total, q).toBe(0);
          expect(outcome.hits).toEqual([]);
          expect(outcome.facets).toEqual({ channels: [], people: [], years: [] });
          expect(reasons(outcome.notes), q).toEqual(['unknown-channel']);
        }
        // Its members' other messages are found; none of theirs in it.
        const mathieu = await expectFinds(
          zoe,
          'from:@mathieu.leblanc',
          expect_.where((doc) => doc.userId === MATHIEU),
        );
        expect(mathieu.keys.length).toBeGreaterThan(0);
        expect((await ok(zoe, 'from:@mathieu.leblanc ornithorynque')).total).toBe(0);
        for (const q of [
          'comite',
          'le',
          'projet',
          'donnees',
          'accord',
          'réponse',
          'consentement',
          'comite d’éthique',
          'from:@mathieu.leblanc',
          'from:@elise.cote',
          'from:@claire.dubois',
          'during:2024-01',
          'during:2023-04',
          'has:file',
          'is:thread during:2024',
          'has:reaction during:2024',
          'the channel',
        ]) {
          const outcome = await expectNothingPrivate(zoe, q);
          expect(outcome, q).not.toBeNull();
        }
        // The common word occurs in the private channel too: the member of it counts more.
        expect((await ok(readers.elise, 'comite')).total).toBeGreaterThan((await ok(zoe, 'comite')).total);
      });

      it('a visitor finds nothing, unless a channel is open, and then only that channel', async () => {
        for (const q of ['universite', 'ornithorynque', 'in:#general', 'from:@zoe', 'during:2024']) {
          const outcome = await run(null, q);
          expect(outcome.status, q).toBe('empty');
          expect(outcome).not.toHaveProperty('hits');
        }
        await updateChannelSettings(demo!.database.db, 'cli', GENERAL, { visibility: 'open', mattermostName: null });
        try {
          const open = await expectFinds(
            null,
            'universite',
            expect_.and(
              expect_.word('universite'),
              expect_.where((doc) => doc.channelId === GENERAL),
            ),
          );
          expect(open.keys).toContain(seedKey('straight'));
          expect(open.first.facets.channels.map((facet) => facet.value)).toEqual([GENERAL]);
          await expectFinds(
            null,
            'during:2024',
            expect_.where((doc) => doc.channelId === GENERAL && doc.day.startsWith('2024-')),
          );
          for (const q of ['ornithorynque', 'zephyr', 'ponderation']) expect((await ok(null, q)).total, q).toBe(0);
          for (const q of ['in:#comite-ethique', 'in:#bavardage', 'from:me']) {
            const outcome = await ok(null, q);
            expect(outcome.total, q).toBe(0);
            expect(reasons(outcome.notes)).toEqual([q === 'from:me' ? 'unknown-person' : 'unknown-channel']);
          }
        } finally {
          await updateChannelSettings(demo!.database.db, 'cli', GENERAL, { visibility: 'members', mattermostName: null });
        }
        expect((await run(null, 'universite')).status).toBe('empty');
      });

      it('a hidden channel is found by nobody', async () => {
        const before = (await ok(readers.zoe, 'universite in:#general')).total;
        expect(before).toBeGreaterThan(0);
        await updateChannelSettings(demo!.database.db, 'cli', GENERAL, { visibility: 'hidden', mattermostName: null });
        try {
          for (const reader of [readers.zoe, readers.elise]) {
            const outcome = await expectNothingPrivate(reader, 'universite');
            expect(outcome!.hits.some((hit) => hit.channelId === GENERAL)).toBe(false);
            const named = await ok(reader, 'in:#general');
            expect(named.total).toBe(0);
            expect(reasons(named.notes)).toEqual(['unknown-channel']);
            expect((await ok(reader, 'quokka')).total).toBe(0);
          }
        } finally {
          await updateChannelSettings(demo!.database.db, 'cli', GENERAL, { visibility: 'members', mattermostName: null });
        }
        expect((await ok(readers.zoe, 'universite in:#general')).total).toBe(before);
      });

      it('direct messages are found by their participants only', async () => {
        expect((await all(readers.zoe, 'ponderation')).hits.map((hit) => hit.channelId)).toContain(ZOE_AMINA_DM);
        expect((await all(readers.elise, 'ponderation')).hits.map((hit) => hit.channelId)).not.toContain(ZOE_AMINA_DM);
        await expectNothingPrivate(readers.elise, 'ponderation');
        await expectNothingPrivate(readers.zoe, 'the');
      });
    });

    describeGenerated(makeEngine);
  });
}

/** Paging, sorting and volume on a generated export of a few thousand messages. */
function describeGenerated(makeEngine: MakeSearchEngine): void {
  describe('a generated export of 3,000 messages', () => {
    let generated: Archive | undefined;
    let generatedFrom: Awaited<ReturnType<typeof generatedExport>> | undefined;
    const { ok, all, expectFinds, readable } = searcher(() => generated!);
    let outsider: Reader = null;
    let insider: Reader = null;
    let privateChannel = '';
    /** A short (typo-free) word common enough to fill many pages. */
    let common = '';

    beforeAll(async () => {
      generatedFrom = await generatedExport({ messages: 3_000, seed: 5 });
      generated = await openArchive('generated', generatedFrom.dir, makeEngine);
      const client = generated.database.client;
      privateChannel = String((await client.execute(`SELECT id FROM channels WHERE kind = 'private' LIMIT 1`)).rows[0]!.id);
      const members = (
        await client.execute({ sql: 'SELECT person_id FROM channel_members WHERE channel_id = ?', args: [privateChannel] })
      ).rows.map((row) => String(row.person_id));
      const accounts = (
        await client.execute('SELECT id, slack_person_id, role FROM members WHERE slack_person_id IS NOT NULL ORDER BY email')
      ).rows;
      const reader = (row: (typeof accounts)[number]): Reader => ({
        id: String(row.id),
        slackPersonId: String(row.slack_person_id),
        role: row.role as 'member',
      });
      outsider = reader(accounts.find((row) => !members.includes(String(row.slack_person_id)))!);
      insider = reader(accounts.find((row) => members.includes(String(row.slack_person_id)))!);
      const channels = await readable(outsider);
      const counts = new Map<string, number>();
      for (const doc of generated.docs)
        if (channels.has(doc.channelId)) for (const word of new Set(doc.words)) counts.set(word, (counts.get(word) ?? 0) + 1);
      common = [...counts]
        .filter(([word, count]) => word.length === 4 && /^[a-z]+$/.test(word) && count >= 150 && count <= 800)
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
    }, 120_000);
    afterAll(async () => {
      await generated?.dispose();
      generatedFrom?.remove();
    });

    it('finds exactly the messages holding a common word, over many pages', async () => {
      const { first, keys } = await expectFinds(outsider, common, expect_.word(common));
      expect(first.pageCount).toBeGreaterThan(5);
      expect(keys.length).toBe(first.total);
    });

    it('sorts every page strictly by time, newest or oldest, and relevance returns the same set', async () => {
      const newest = await all(outsider, common, 'newest');
      const oldest = await all(outsider, common, 'oldest');
      const relevance = await all(outsider, common, 'relevance');
      const times = newest.hits.map((hit) => hit.tsMs);
      for (let i = 1; i < times.length; i++) expect(times[i]!, `newest at ${i}`).toBeLessThanOrEqual(times[i - 1]!);
      const old = oldest.hits.map((hit) => hit.tsMs);
      for (let i = 1; i < old.length; i++) expect(old[i]!, `oldest at ${i}`).toBeGreaterThanOrEqual(old[i - 1]!);
      expect(old).toEqual(times.toReversed());
      expect(relevance.hits.map(keyOf).toSorted()).toEqual(newest.hits.map(keyOf).toSorted());
      expect(relevance.first.total).toBe(newest.first.total);
      // Stable: the same page twice is the same page, in every order.
      for (const sort of ['newest', 'oldest', 'relevance'] as const) {
        const page = Math.min(3, newest.first.pageCount);
        const a = await ok(outsider, common, sort, page);
        const b = await ok(outsider, common, sort, page);
        expect(b.hits.map(keyOf), sort).toEqual(a.hits.map(keyOf));
      }
    });

    it('counts the whole archive and pages up to the last page a reader can open', async () => {
      const channels = await readable(outsider);
      const visible = generated!.docs.filter((doc) => channels.has(doc.channelId));
      const everything = await ok(outsider, 'after:1999-12-31');
      expect(everything.total).toBe(visible.length);
      expect(everything.total).toBeGreaterThan(MAX_SEARCH_PAGE * SEARCH_PAGE_SIZE);
      expect(everything.pageCount).toBe(MAX_SEARCH_PAGE);
      const last = await ok(outsider, 'after:1999-12-31', 'newest', MAX_SEARCH_PAGE);
      expect(last.hits).toHaveLength(SEARCH_PAGE_SIZE);
      const newestFirst = visible.toSorted((a, b) => b.tsMs - a.tsMs);
      expect(last.hits.map((hit) => hit.tsMs)).toEqual(
        newestFirst.slice((MAX_SEARCH_PAGE - 1) * SEARCH_PAGE_SIZE, MAX_SEARCH_PAGE * SEARCH_PAGE_SIZE).map((doc) => doc.tsMs),
      );
      const past = await ok(outsider, 'after:1999-12-31', 'newest', MAX_SEARCH_PAGE + 10);
      expect(past.page).toBe(MAX_SEARCH_PAGE);
      expect(past.hits.map(keyOf)).toEqual(last.hits.map(keyOf));
      const oldestFirst = await ok(outsider, 'after:1999-12-31', 'oldest');
      expect(oldestFirst.hits.map((hit) => hit.tsMs)).toEqual(
        newestFirst
          .toReversed()
          .slice(0, SEARCH_PAGE_SIZE)
          .map((doc) => doc.tsMs),
      );
      // Facets count every match, or say how many of the newest they counted.
      const sum = (facets: { count: number }[]) => facets.reduce((total, facet) => total + facet.count, 0);
      // Years count every match, whatever the sample of channels and people (ids follow time: a year is a range of them).
      expect(sum(everything.facets.years)).toBe(everything.total);
      if (everything.facets.channels.length < 10) expect(sum(everything.facets.channels)).toBe(everything.facetSample ?? everything.total);
    });

    it('per-channel and per-year counts match, and clicking one finds exactly its count', async () => {
      const { first } = await all(outsider, `${common} has:reaction`);
      for (const facet of first.facets.channels)
        expect((await ok(outsider, withFilter(`${common} has:reaction`, 'in', facet.value))).total).toBe(facet.count);
      for (const facet of first.facets.years)
        expect((await ok(outsider, withFilter(`${common} has:reaction`, 'during', facet.value))).total).toBe(facet.count);
    });

    it('keeps its private channel to its members', async () => {
      expect((await readable(outsider)).has(privateChannel)).toBe(false);
      const outside = await all(outsider, common);
      expect(outside.hits.some((hit) => hit.channelId === privateChannel)).toBe(false);
      expect(outside.first.facets.channels.some((facet) => facet.value === privateChannel)).toBe(false);
      const inside = await all(insider, common);
      expect(inside.hits.some((hit) => hit.channelId === privateChannel)).toBe(true);
      const privateCount = inside.first.facets.channels.find((facet) => facet.value === privateChannel)?.count ?? 0;
      expect(privateCount).toBeGreaterThan(0);
      expect((await ok(outsider, `in:${privateChannel}`)).total).toBe(0);
      await expectFinds(
        insider,
        `in:${privateChannel} ${common}`,
        expect_.and(
          expect_.word(common),
          expect_.where((doc) => doc.channelId === privateChannel),
        ),
      );
    });
  });
}
