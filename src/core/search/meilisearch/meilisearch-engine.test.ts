import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.ts';
import { captureLog } from '../../../../tests/support/capture-log.ts';
import { searchRequest } from '../../../../tests/support/search-request.ts';
import { openTempDatabase } from '../../../../tests/support/temp-database.ts';
import { SearchUnavailableError, type IndexProgress, type SearchRequest } from '../port.ts';
import type { SearchTerm } from '../query.ts';
import {
  buildQuery,
  createMeilisearchEngine,
  documentId,
  INDEX_SETTINGS,
  OTHER_FORMS_WEIGHT,
  toMeilisearchDocument,
  pageFor,
  snippetParts,
  type MeilisearchEngineOptions,
} from './meilisearch-engine.ts';
import { closedLocalUrl, startMeilisearchStandIn, type MeilisearchStandIn } from '../../../../tests/stand-ins/meilisearch.ts';

const TIME_ZONE = 'America/Montreal';
const INDEX = 'test-messages';
const GENERAL = 'C04A2GNRL7Q';
const ETHICS = 'C04H2CET7WP';
const PRIVATE_WORDS = 'ornithorynque';

interface MessageRow {
  channelId: string;
  ts: string;
  userId?: string | null;
  plain: string;
  subtype?: string;
  botId?: string;
  hasFiles?: boolean;
  hasLinks?: boolean;
  hasReactions?: boolean;
  threadTs?: string;
  queue?: boolean;
}

async function addMessage(db: Db, message: MessageRow): Promise<void> {
  const tsMs = Math.round(Number(message.ts) * 1000);
  await db.run(sql`INSERT OR REPLACE INTO messages (channel_id, ts, ts_ms, user_id, subtype, bot_id, text, html, plain, thread_ts, has_files, has_links, has_reactions, source_hash)
    VALUES (${message.channelId}, ${message.ts}, ${tsMs}, ${message.userId === undefined ? 'U1' : message.userId}, ${message.subtype ?? null}, ${message.botId ?? null}, ${message.plain}, ${message.plain}, ${message.plain},
      ${message.threadTs ?? null}, ${message.hasFiles ? 1 : 0}, ${message.hasLinks ? 1 : 0}, ${message.hasReactions ? 1 : 0}, 'hash')`);
  if (message.queue !== false)
    await db.run(sql`INSERT OR REPLACE INTO search_queue (channel_id, ts) VALUES (${message.channelId}, ${message.ts})`);
}

async function queued(db: Db): Promise<string[]> {
  const rows = await db.all<{ channel_id: string; ts: string }>(sql`SELECT channel_id, ts FROM search_queue ORDER BY channel_id, ts`);
  return rows.map((row) => `${row.channel_id}/${row.ts}`);
}

const word = (text: string, prefix = false): SearchTerm => ({ words: [text], exact: false, prefix });

function request(overrides: Partial<SearchRequest> = {}): SearchRequest {
  return searchRequest({ terms: [word('vaccin')], readableChannelIds: [GENERAL], ...overrides });
}

/** What every search asks to be shown: the access filter, the two fields, the crop and the sentinel highlight. */
const SHOWN = {
  filter: `(channelId IN ["${GENERAL}"])`,
  attributesToRetrieve: ['channelId', 'ts'],
  attributesToCrop: ['text'],
  cropLength: 30,
  cropMarker: '…',
  attributesToHighlight: ['text'],
  highlightPreTag: expect.stringMatching(/^⦃[0-9a-f-]{36}⦄$/),
  highlightPostTag: expect.stringMatching(/^⦃\/[0-9a-f-]{36}⦄$/),
};

// 2021-01-01T12:00Z .. 2023: years in Montreal are the same here.
const SEED: MessageRow[] = [
  { channelId: GENERAL, ts: '1609502400.000100', userId: 'U1', plain: 'Le vaccin arrive au printemps' },
  { channelId: GENERAL, ts: '1641038400.000200', userId: 'U2', plain: 'Vaccin et données de santé : on en parle jeudi', hasLinks: true },
  {
    channelId: GENERAL,
    ts: '1672574400.000300',
    userId: 'U2',
    plain: 'Le vaccin, encore',
    hasFiles: true,
    hasReactions: true,
    threadTs: '1672574400.000300',
  },
  { channelId: GENERAL, ts: '1672574500.000400', userId: 'U3', plain: 'rien à voir' },
  { channelId: GENERAL, ts: '1672574600.000500', userId: 'U3', plain: 'a rejoint le canal', subtype: 'channel_join' },
  { channelId: ETHICS, ts: '1641038400.000600', userId: 'U1', plain: `vaccin ${PRIVATE_WORDS} confidentiel` },
];

describe('the Meilisearch engine against a local stand-in', () => {
  let standIn: MeilisearchStandIn;
  let database: Awaited<ReturnType<typeof openTempDatabase>>;
  let captured: ReturnType<typeof captureLog>;

  beforeAll(async () => {
    standIn = await startMeilisearchStandIn({ apiKey: 'stand-in-key', slowAnswerMs: 6_000 });
  });
  afterAll(() => standIn.close());
  beforeEach(async () => {
    standIn.reset();
    database = await openTempDatabase();
    captured = captureLog();
  });
  afterEach(() => {
    database.dispose();
    // A request the documentation (or our rules) would refuse fails the test that sent it.
    expect(standIn.violations.splice(0)).toEqual([]);
    // Never a word of what people wrote or searched in the logs.
    expect(captured.output()).not.toMatch(/vaccin|ornithorynque|printemps|script/i);
  });

  const engine = (options: Partial<MeilisearchEngineOptions> = {}) =>
    createMeilisearchEngine({
      url: standIn.url,
      apiKey: 'stand-in-key',
      indexName: INDEX,
      timeZone: TIME_ZONE,
      client: database.client,
      log: captured.log,
      timeoutMs: 2_500,
      taskPollMs: 20,
      ...options,
    });

  async function seeded(options: Partial<MeilisearchEngineOptions> = {}) {
    for (const message of SEED) await addMessage(database.db, message);
    const meili = engine(options);
    await meili.sync();
    standIn.requests.splice(0);
    return meili;
  }

  const searchBodies = () =>
    standIn.requests.filter((r) => r.path === `/indexes/${INDEX}/search`).map((r) => r.body as Record<string, unknown>);
  const federatedBodies = () =>
    standIn.requests.filter((r) => r.path === '/multi-search').map((r) => r.body as { federation: Record<string, unknown>; queries: Record<string, unknown>[] });

  describe('index settings', () => {
    it('creates the index and applies the exact settings, awaited, before anything else', async () => {
      const meili = engine();
      await meili.ensureIndex();

      expect(standIn.calls()).toEqual([`GET /indexes/${INDEX}`, 'POST /indexes', `PATCH /indexes/${INDEX}/settings`]);
      expect(standIn.requests[1]!.body).toEqual({ uid: INDEX, primaryKey: 'id' });
      expect(standIn.requests.find((r) => r.method === 'PATCH')!.body).toEqual({
        searchableAttributes: ['text', 'forms', 'context'],
        displayedAttributes: ['channelId', 'ts', 'text'],
        filterableAttributes: [
          {
            attributePatterns: ['channelId', 'authorId', 'year', 'hasFile', 'hasLink', 'hasReaction', 'isThread'],
            features: { facetSearch: false, filter: { equality: true, comparison: false } },
          },
          { attributePatterns: ['tsMs'], features: { facetSearch: false, filter: { equality: true, comparison: true } } },
        ],
        sortableAttributes: ['tsMs'],
        rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness', 'notice:asc', 'tsMs:desc'],
        typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 }, disableOnNumbers: true },
        localizedAttributes: [{ attributePatterns: ['text'], locales: ['fra', 'eng'] }],
        pagination: { maxTotalHits: 10_000 },
        faceting: { maxValuesPerFacet: 1_000, sortFacetValuesBy: { '*': 'count' } },
      });
      expect(standIn.index(INDEX)!.settings).toEqual(INDEX_SETTINGS);
      expect(standIn.tasks.map((task) => task.status)).toEqual(['succeeded', 'succeeded']);
      // Every request carries the key.
      expect(standIn.requests.every((r) => r.headers.authorization === 'Bearer stand-in-key')).toBe(true);
    });

    it('is idempotent: once per engine, and a second engine only re-applies the settings', async () => {
      const meili = engine();
      await Promise.all([meili.ensureIndex(), meili.ensureIndex()]);
      await meili.ensureIndex();
      expect(standIn.calls()).toHaveLength(3);

      standIn.requests.splice(0);
      await engine().ensureIndex();
      expect(standIn.calls()).toEqual([`GET /indexes/${INDEX}`, `PATCH /indexes/${INDEX}/settings`]);
    });

    it('tries again after a failure instead of remembering it', async () => {
      const meili = engine();
      standIn.failNextTask('settingsUpdate');
      await expect(meili.ensureIndex()).rejects.toThrow(SearchUnavailableError);
      await meili.ensureIndex();
      expect(standIn.index(INDEX)!.configured).toBe(true);
    });
  });

  describe('sync', () => {
    it('sends settings first, then every queued message as a document with a valid id, and empties the queue', async () => {
      for (const message of SEED) await addMessage(database.db, message);
      const progress: IndexProgress[] = [];

      const count = await engine().sync((step) => progress.push(step));

      expect(count).toBe(SEED.length);
      expect(standIn.calls()).toEqual([
        `GET /indexes/${INDEX}`,
        'POST /indexes',
        `PATCH /indexes/${INDEX}/settings`,
        `POST /indexes/${INDEX}/documents`,
        `POST /indexes/${INDEX}/documents/delete-batch`,
      ]);
      const add = standIn.requests.find((r) => r.path.endsWith('/documents'))!;
      expect(add.query).toEqual({ primaryKey: 'id' });
      const documents = add.body as Record<string, unknown>[];
      expect(documents.map((doc) => doc.id)).toEqual(
        expect.arrayContaining(['C04A2GNRL7Q_1609502400-000100', 'C04H2CET7WP_1641038400-000600']),
      );
      // Join notices are not indexed; the engine deletes them in case an earlier version did.
      expect(documents).toHaveLength(5);
      expect(standIn.requests.find((r) => r.path.endsWith('/delete-batch'))!.body).toEqual(['C04A2GNRL7Q_1672574600-000500']);
      expect(documents.find((doc) => doc.ts === '1672574400.000300')).toEqual({
        id: 'C04A2GNRL7Q_1672574400-000300',
        channelId: GENERAL,
        ts: '1672574400.000300',
        tsMs: 1672574400000,
        authorId: 'U2',
        year: 2023,
        text: 'Le vaccin, encore',
        hasFile: true,
        hasLink: false,
        hasReaction: true,
        isThread: true,
        forms: 'encor',
        context: '',
        notice: 0,
      });
      expect(await queued(database.db)).toEqual([]);
      expect(progress.at(0)).toEqual({ indexed: 0, total: 6 });
      expect(progress.at(-1)).toEqual({ indexed: 6, total: 6 });
    });

    it('drains the queue in batches', async () => {
      for (const message of SEED) await addMessage(database.db, message);
      await engine({ batchSize: 2 }).sync();
      expect(standIn.calls().filter((call) => call.endsWith('/documents'))).toHaveLength(3);
      expect(standIn.index(INDEX)!.documents.size).toBe(5);
      expect(await queued(database.db)).toEqual([]);
    });

    it('keeps the queue when Meilisearch fails the task, and catches up at the next sync', async () => {
      for (const message of SEED) await addMessage(database.db, message);
      const meili = engine();
      await meili.ensureIndex();
      standIn.failNextTask('documentAdditionOrUpdate');

      await expect(meili.sync()).rejects.toThrow(/task \d+ \(add documents\) failed: internal/);
      expect(await queued(database.db)).toHaveLength(SEED.length);
      expect(captured.output()).toMatch(/search unavailable/);

      await meili.sync();
      expect(await queued(database.db)).toEqual([]);
      expect(standIn.index(INDEX)!.documents.size).toBe(5);
    });

    it('keeps the queue when Meilisearch is down', async () => {
      await addMessage(database.db, SEED[0]!);
      await expect(engine({ url: await closedLocalUrl() }).sync()).rejects.toThrow(SearchUnavailableError);
      expect(await queued(database.db)).toHaveLength(1);
    });

    it('replaces an edited message', async () => {
      const meili = await seeded();
      await addMessage(database.db, { ...SEED[0]!, plain: 'Le vaccin arrive en été' });

      await meili.sync();

      expect(standIn.index(INDEX)!.documents.get(documentId(SEED[0]!))!.text).toBe('Le vaccin arrive en été');
      expect(await queued(database.db)).toEqual([]);
    });

    it('deletes a message gone from the archive', async () => {
      const meili = await seeded();
      await database.db.run(sql`DELETE FROM messages WHERE ts = ${SEED[1]!.ts}`);
      await database.db.run(sql`INSERT INTO search_queue (channel_id, ts) VALUES (${GENERAL}, ${SEED[1]!.ts})`);

      await meili.sync();

      expect(standIn.requests.find((r) => r.path.endsWith('/delete-batch'))?.body).toEqual([documentId(SEED[1]!)]);
      expect(standIn.index(INDEX)!.documents.has(documentId(SEED[1]!))).toBe(false);
      expect(await queued(database.db)).toEqual([]);
    });
  });

  describe('search', () => {
    it('relaxes with the documented "frequency" strategy: the commonest word is left out once fewer than a page hold them all', async () => {
      const meili = await seeded();
      const terms = [word('vaccin'), word('jeudi'), word('printemps')];
      const strict = await meili.search(request({ terms }));
      const relaxed = await meili.search(request({ terms, relax: true }));
      // « printemps » is searched as typed and under its stem: the words as typed never relax, their other forms do.
      expect(federatedBodies().map((body) => body.queries.map((query) => query.matchingStrategy))).toEqual([
        ['all', 'all'],
        ['all', 'frequency'],
      ]);
      expect(strict.total).toBe(0);
      expect(relaxed.hits.map((hit) => hit.ts)).toEqual(['1609502400.000100']);
    });

    it('ranks the words as typed above their other forms: a federated search of both, the other forms weighing less', async () => {
      await addMessage(database.db, { channelId: GENERAL, ts: '1700000000.000100', userId: 'U1', plain: 'vaccinations au printemps' });
      await addMessage(database.db, { channelId: GENERAL, ts: '1700000100.000100', userId: 'U1', plain: 'une vaccination' });
      const meili = await seeded();
      const found = await meili.search(request({ terms: [word('vaccination')] }));
      const [body] = federatedBodies();
      expect(body).toEqual({
        federation: { offset: 0, limit: 20, facetsByIndex: { [INDEX]: ['channelId', 'authorId', 'year'] } },
        queries: [
          { indexUid: INDEX, q: 'vaccination ', attributesToSearchOn: ['text'], matchingStrategy: 'all', ...SHOWN },
          { indexUid: INDEX, q: 'vaccin ', matchingStrategy: 'all', ...SHOWN, federationOptions: { weight: OTHER_FORMS_WEIGHT } },
        ],
      });
      expect(OTHER_FORMS_WEIGHT).toBeLessThan(1);
      expect(searchBodies()).toEqual([]);
      // The word as typed first, then its other forms (« vaccin » newest first, « vaccinations »), each once although both searches find it.
      expect(found.hits.map((hit) => hit.ts)).toEqual(['1700000100.000100', ...SEED.slice(0, 3).map((seed) => seed.ts).reverse(), '1700000000.000100']);
      expect(found.total).toBe(5);
      expect(found.facets.channels).toEqual([{ value: GENERAL, count: 5 }]);
      // Sorted by time, there is nothing to rank: one search, under the stem.
      await meili.search(request({ terms: [word('vaccination')], sort: 'newest' }));
      expect(searchBodies().map((search) => search.q)).toEqual(['vaccin ']);
    });

    it('sends the documented request: q, the access filter, all-terms matching, pages, facets, crop and sentinel highlight', async () => {
      const meili = await seeded();
      await meili.search(request());

      const [body] = searchBodies();
      expect(body).toEqual({ q: 'vaccin ', matchingStrategy: 'all', page: 1, hitsPerPage: 20, facets: ['channelId', 'authorId', 'year'], ...SHOWN });
      // Unguessable: a new pair of tags for every search.
      await meili.search(request());
      expect(searchBodies()[1]!.highlightPreTag).not.toBe(body!.highlightPreTag);
    });

    it("counts years in the reader's own time zone: one totals-only search for each year its calendar may put the matches in", async () => {
      // 23:30 UTC on New Year's Eve: 2023 in the community's zone (Montreal), already 2024 in Tokyo.
      await addMessage(database.db, { channelId: GENERAL, ts: '1704065400.000100', userId: 'U1', plain: 'vaccin du réveillon' });
      const meili = await seeded();
      const community = await meili.search(request({ timeZone: TIME_ZONE }));
      expect(searchBodies()).toHaveLength(1);
      expect(community.facets.years).toContainEqual({ value: '2023', count: 2 });

      standIn.requests.splice(0);
      const tokyo = await meili.search(request({ timeZone: 'Asia/Tokyo' }));
      expect(tokyo.facets.years).toEqual([
        { value: '2024', count: 1 },
        { value: '2023', count: 1 },
        { value: '2022', count: 1 },
        { value: '2021', count: 1 },
      ]);
      expect(tokyo.total).toBe(4);
      const [main, ...counts] = searchBodies();
      expect(main!.facets).toEqual(['channelId', 'authorId', 'year']);
      // The community's years 2021–2023 and one on either side; each its span of Tokyo's calendar, the access filter kept.
      expect(counts).toHaveLength(5);
      for (const body of counts) expect(Object.keys(body).sort()).toEqual(['filter', 'hitsPerPage', 'matchingStrategy', 'page', 'q']);
      expect(counts.every((body) => body.hitsPerPage === 0 && body.page === 1 && body.q === 'vaccin ')).toBe(true);
      const newYearInTokyo = Date.UTC(2023, 11, 31, 15);
      // 2024 up to mid-year only: a later match would be in the community's 2024, and 2025 would be asked too.
      expect(counts.map((body) => body.filter)).toContainEqual(`(channelId IN ["${GENERAL}"]) AND (tsMs >= ${newYearInTokyo}) AND (tsMs < ${Date.UTC(2024, 6, 1)})`);
      expect(counts.map((body) => body.filter)).toContainEqual(`(channelId IN ["${GENERAL}"]) AND (tsMs >= ${Date.UTC(2022, 11, 31, 15)}) AND (tsMs < ${newYearInTokyo})`);
    });

    it('finds only readable messages, and counts facets only over them', async () => {
      const meili = await seeded();
      const results = await meili.search(request());

      expect(results.total).toBe(3);
      expect(results.partial).toBe(false);
      expect(results.hits.map((hit) => hit.channelId)).not.toContain(ETHICS);
      expect(results.facets).toEqual({
        channels: [{ value: GENERAL, count: 3 }],
        people: [
          { value: 'U2', count: 2 },
          { value: 'U1', count: 1 },
        ],
        years: [
          { value: '2021', count: 1 },
          { value: '2022', count: 1 },
          { value: '2023', count: 1 },
        ],
      });
      expect(JSON.stringify(results)).not.toContain(PRIVATE_WORDS);
    });

    it.each([
      [
        { channelIds: [ETHICS], readableChannelIds: [GENERAL, ETHICS] },
        `(channelId IN ["${GENERAL}", "${ETHICS}"]) AND (channelId IN ["${ETHICS}"])`,
        1,
      ],
      [{ authorIds: ['U2'] }, `(channelId IN ["${GENERAL}"]) AND (authorId IN ["U2"])`, 2],
      [
        { fromMs: Date.UTC(2022, 0, 1), toMs: Date.UTC(2023, 0, 1) },
        `(channelId IN ["${GENERAL}"]) AND (tsMs >= 1640995200000) AND (tsMs < 1672531200000)`,
        1,
      ],
      [{ has: ['file' as const] }, `(channelId IN ["${GENERAL}"]) AND (hasFile = true)`, 1],
      [{ has: ['link' as const] }, `(channelId IN ["${GENERAL}"]) AND (hasLink = true)`, 1],
      [{ has: ['reaction' as const] }, `(channelId IN ["${GENERAL}"]) AND (hasReaction = true)`, 1],
      [{ isThread: true }, `(channelId IN ["${GENERAL}"]) AND (isThread = true)`, 1],
      [
        { authorIds: ['U2" OR channelId EXISTS OR "'] },
        `(channelId IN ["${GENERAL}"]) AND (authorId IN ["U2\\" OR channelId EXISTS OR \\""])`,
        0,
      ],
      [
        { readableChannelIds: [`${GENERAL}"] OR channelId EXISTS OR channelId IN ["`] },
        `(channelId IN ["${GENERAL}\\"] OR channelId EXISTS OR channelId IN [\\""])`,
        0,
      ],
    ])('filters %j as %s', async (filters, filter, total) => {
      const meili = await seeded();
      const results = await meili.search(request(filters));
      expect(searchBodies()[0]!.filter).toBe(filter);
      expect(results.total).toBe(total);
    });

    it('sorts by relevance (no sort), newest and oldest first; newest when there is no word to rank', async () => {
      const meili = await seeded();
      await meili.search(request({ sort: 'relevance' }));
      const newest = await meili.search(request({ sort: 'newest' }));
      const oldest = await meili.search(request({ sort: 'oldest' }));
      await meili.search(request({ sort: 'relevance', terms: [] }));

      const bodies = searchBodies();
      expect(bodies[0]).not.toHaveProperty('sort');
      expect(bodies[1]!.sort).toEqual(['tsMs:desc']);
      expect(bodies[2]!.sort).toEqual(['tsMs:asc']);
      expect(bodies[3]).toMatchObject({ q: '', sort: ['tsMs:desc'] });
      expect(newest.hits.map((hit) => hit.ts)).toEqual(['1672574400.000300', '1641038400.000200', '1609502400.000100']);
      expect(oldest.hits.map((hit) => hit.ts)).toEqual(['1609502400.000100', '1641038400.000200', '1672574400.000300']);
    });

    it("sends a bot's post as a notice, ranked after a person's message among equal matches, in the private channel too", async () => {
      const posts: MessageRow[] = [
        { channelId: GENERAL, ts: '1700000000.000100', plain: 'basilisk build fails on staging' },
        { channelId: GENERAL, ts: '1700000100.000100', plain: 'basilisk build fails', subtype: 'bot_message', botId: 'B1', userId: null },
        { channelId: ETHICS, ts: '1700000200.000100', plain: `${PRIVATE_WORDS} basilisk`, subtype: 'bot_message', botId: 'B2', userId: null },
        { channelId: GENERAL, ts: '1700000300.000100', plain: 'set the channel topic: basilisk', subtype: 'channel_topic' },
      ];
      for (const post of posts) await addMessage(database.db, post);
      const meili = engine();
      await meili.sync();
      const sent = standIn.requests.filter((r) => r.path.endsWith('/documents')).flatMap((r) => r.body as { ts: string; notice: number }[]);
      expect(Object.fromEntries(sent.map((doc) => [doc.ts, doc.notice]))).toEqual({
        '1700000000.000100': 0,
        '1700000100.000100': 1,
        '1700000200.000100': 1,
        '1700000300.000100': 1,
      });
      // The stand-in ties every match, as identical words would: the custom rules alone order them, person first, then newest.
      const found = await meili.search(request({ terms: [word('basilisk')] }));
      expect(found.hits.map((hit) => hit.ts)).toEqual(['1700000000.000100', '1700000300.000100', '1700000100.000100']);
      const member = await meili.search(request({ terms: [word('basilisk')], readableChannelIds: [GENERAL, ETHICS] }));
      expect(member.hits.map((hit) => hit.ts)).toEqual(['1700000000.000100', '1700000300.000100', '1700000200.000100', '1700000100.000100']);
      expect(standIn.violations).toEqual([]);
    });

    it('turns offset and limit into page and hitsPerPage, with exact totals', async () => {
      const meili = await seeded();
      const second = await meili.search(request({ sort: 'oldest', offset: 2, limit: 2 }));
      expect(searchBodies()[0]).toMatchObject({ page: 2, hitsPerPage: 2 });
      expect(second.hits.map((hit) => hit.ts)).toEqual(['1672574400.000300']);
      expect(second.total).toBe(3);

      const unaligned = await meili.search(request({ sort: 'oldest', offset: 1, limit: 2 }));
      expect(searchBodies()[1]).toMatchObject({ page: 1, hitsPerPage: 3 });
      expect(unaligned.hits.map((hit) => hit.ts)).toEqual(['1641038400.000200', '1672574400.000300']);
    });

    it('returns snippets as plain-text parts, markup in messages included', async () => {
      await addMessage(database.db, {
        channelId: GENERAL,
        ts: '1700000000.000100',
        plain: '<script>alert("x")</script> <em>vaccin</em> & co',
      });
      const meili = await seeded();
      const results = await meili.search(request({ terms: [word('vaccin')], sort: 'newest', limit: 1 }));

      expect(results.hits[0]!.snippet).toEqual([
        { text: '<script>alert("x")</script> <em>', match: false },
        { text: 'vaccin', match: true },
        { text: '</em> & co', match: false },
      ]);
    });

    it('crops long messages around the match', async () => {
      const long = `${Array.from({ length: 40 }, (_, at) => `mot${at}`).join(' ')} vaccin ${Array.from({ length: 40 }, (_, at) => `fin${at}`).join(' ')}`;
      await addMessage(database.db, { channelId: GENERAL, ts: '1700000000.000200', plain: long });
      const meili = await seeded();
      const [hit] = (await meili.search(request({ sort: 'newest', limit: 1 }))).hits;
      const text = hit!.snippet.map((part) => part.text).join('');
      expect(text.startsWith('…')).toBe(true);
      expect(text.endsWith('…')).toBe(true);
      expect(hit!.snippet.filter((part) => part.match)).toEqual([{ text: 'vaccin', match: true }]);
    });

    it('sends phrases, exclusions and one prefix as Meilisearch query syntax', async () => {
      const meili = await seeded();
      const results = await meili.search(
        request({
          terms: [word('vac', true), { words: ['donnees', 'de', 'sante'], exact: true, prefix: false }],
          excluded: [word('printemps'), { words: ['en', 'parle'], exact: true, prefix: false }],
        }),
      );
      expect(searchBodies()[0]!.q).toBe('-printemps -"en parle" "donnees de sante" vac');
      expect(results.total).toBe(0);
      await meili.search(request({ terms: [word('vac', true)], excluded: [word('printemps')] }));
      expect(searchBodies()[1]!.q).toBe('-printemps vac');
    });
  });

  describe('failures', () => {
    const cases: [string, () => Promise<MeilisearchEngineOptions['url'] | void>][] = [
      ['down (nothing listening)', async () => closedLocalUrl()],
      ['a 500 answer', async () => void standIn.answerNextWith('server-error', /search$/)],
      ['a connection cut', async () => void standIn.answerNextWith('outage', /search$/)],
      ['an answer that is not JSON', async () => void standIn.answerNextWith('not-json', /search$/)],
      ['an answer slower than the timeout', async () => void standIn.answerNextWith('slow', /search$/)],
    ];
    it.each(cases)('turns %s into SearchUnavailableError, logs one line without the query, and recovers', async (_name, arrange) => {
      const meili = await seeded();
      const url = await arrange();
      const failing = url ? engine({ url }) : meili;

      await expect(failing.search(request())).rejects.toThrow(SearchUnavailableError);

      const lines = captured.output().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0]!)).toMatchObject({
        level: 40,
        engine: 'meilisearch',
        msg: expect.stringMatching(/^search unavailable: Meilisearch/),
      });
      await expect(meili.search(request())).resolves.toMatchObject({ total: 3 });
    });

    it('tells a reader search is unavailable within 2 s when Meilisearch is slow mid-query, at the default deadline', async () => {
      const meili = await seeded();
      // The client's own request timeout (5 s by default) is longer than a reader waits.
      const reader = engine({ timeoutMs: undefined });
      standIn.answerNextWith('slow', /search$/);
      const started = performance.now();
      await expect(reader.search(request())).rejects.toThrow(/did not answer within 1500 ms/);
      // Well before the client's timeout and the stand-in's answer (6 s): the deadline, not either of them, ended it.
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(captured.output().trim().split('\n')).toHaveLength(1);
      // The abandoned request leaves nothing behind: the next search is answered.
      await expect(meili.search(request())).resolves.toMatchObject({ total: 3 });
    });

    it('logs a refused request (a bug here, not an outage) at error level', async () => {
      const meili = await seeded();
      standIn.index(INDEX)!.settings.filterableAttributes = ['channelId'];

      await expect(meili.search(request({ authorIds: ['U1'] }))).rejects.toThrow(/400 invalid_search_filter/);
      expect(JSON.parse(captured.output().trim())).toMatchObject({ level: 50, status: 400, code: 'invalid_search_filter' });
    });

    it('gives up waiting for a task that takes too long', async () => {
      const slowTasks = await startMeilisearchStandIn({ taskDelayMs: 400 });
      try {
        await addMessage(database.db, SEED[0]!);
        const meili = createMeilisearchEngine({
          url: slowTasks.url,
          indexName: INDEX,
          timeZone: TIME_ZONE,
          client: database.client,
          log: captured.log,
          taskTimeoutMs: 100,
          taskPollMs: 20,
        });
        await expect(meili.sync()).rejects.toThrow(/did not finish task \d+ \(ensure index\) within 100 ms/);
        expect(await queued(database.db)).toHaveLength(1);
      } finally {
        await slowTasks.close();
      }
    });

    it('refuses a wrong API key as unavailable', async () => {
      await expect(engine({ apiKey: 'wrong' }).search(request())).rejects.toThrow(/403 invalid_api_key/);
    });
  });

  describe('reindex', () => {
    it('builds a fresh index beside the live one, swaps, deletes the old one, and keeps what was queued meanwhile', async () => {
      const meili = await seeded({ batchSize: 2 });
      // Drift the live index does not know about: only a reindex finds it.
      await addMessage(database.db, { channelId: GENERAL, ts: '1700000000.000300', plain: 'vaccin oublié', queue: false });
      // Queued before the reindex: covered by the full read, then dropped from the queue.
      await addMessage(database.db, { channelId: GENERAL, ts: '1700000000.000400', plain: 'vaccin en attente' });
      // A stale next index from an interrupted reindex.
      await fetch(`${standIn.url}/indexes`, {
        method: 'POST',
        headers: { authorization: 'Bearer stand-in-key', 'content-type': 'application/json' },
        body: JSON.stringify({ uid: `${INDEX}-next`, primaryKey: 'id' }),
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      standIn.requests.splice(0);

      const during: Promise<unknown>[] = [];
      const count = await meili.reindex((progress) => {
        if (progress.indexed === 2 && during.length === 0) {
          during.push(meili.search(request({ terms: [word('oublie')] })));
          during.push(addMessage(database.db, { channelId: GENERAL, ts: '1700000000.000500', plain: 'vaccin pendant la reconstruction' }));
        }
      });

      // Everything indexable when each page was read: the message written meanwhile too (7 + 1).
      expect(count).toBe(8);
      const [searchedDuring] = await Promise.all(during);
      expect(searchedDuring).toMatchObject({ total: 0 }); // still the old index
      const calls = standIn.calls();
      expect(calls.slice(0, 5)).toEqual([
        `GET /indexes/${INDEX}-next`,
        `DELETE /indexes/${INDEX}-next`,
        `GET /indexes/${INDEX}-next`,
        'POST /indexes',
        `PATCH /indexes/${INDEX}-next/settings`,
      ]);
      const swapAt = calls.indexOf('POST /swap-indexes');
      expect(calls.slice(swapAt)).toEqual(['POST /swap-indexes', `DELETE /indexes/${INDEX}-next`, `POST /indexes/${INDEX}/documents`]);
      expect(standIn.requests.find((r) => r.path === '/swap-indexes')!.body).toEqual([
        { indexes: [INDEX, `${INDEX}-next`], rename: false },
      ]);
      expect(standIn.indexNames()).toEqual([INDEX]);
      expect(standIn.index(INDEX)!.configured).toBe(true);

      expect((await meili.search(request({ terms: [word('oublie')] }))).total).toBe(1);
      expect((await meili.search(request({ terms: [word('reconstruction')] }))).total).toBe(1);
      expect((await meili.search(request({ terms: [word('attente')] }))).total).toBe(1);
      expect(await queued(database.db)).toEqual([]);
    });

    it('leaves the live index and the queue alone when the rebuild fails', async () => {
      const meili = await seeded();
      await addMessage(database.db, { channelId: GENERAL, ts: '1700000000.000600', plain: 'vaccin en file' });
      standIn.failNextTask('indexSwap');

      await expect(meili.reindex()).rejects.toThrow(SearchUnavailableError);
      expect(await queued(database.db)).toHaveLength(1);
      expect((await meili.search(request())).total).toBe(3);
    });
  });
});

describe('Meilisearch query building', () => {
  it('leaves single words bare, quotes phrases and multi-word terms, and ends with a space unless a prefix is last', () => {
    expect(buildQuery([word('vaccin'), { words: ['jean', 'luc'], exact: false, prefix: false }], [])).toBe('vaccin "jean luc" ');
    expect(buildQuery([word('uni', true), word('vaccin')], [])).toBe('vaccin uni');
    expect(buildQuery([{ words: ['data', 'sci'], exact: false, prefix: true }], [])).toBe('"data" sci');
    expect(buildQuery([{ words: ['data', 'sci'], exact: true, prefix: true }], [])).toBe('"data sci" ');
    expect(buildQuery([], [word('spam')])).toBe('-spam ');
    expect(buildQuery([], [])).toBe('');
    // Only one prefix can be honoured: the last one typed.
    expect(buildQuery([word('ab', true), word('cd', true)], [])).toBe('ab cd');
    // Defensive: nothing that could open a phrase or a negation survives.
    expect(buildQuery([word('"x'), word('-y')], [])).toBe('x y ');
  });

  it('searches a word under its stem (the documents hold it in `forms`), and requires no stop word or elided article', () => {
    expect(buildQuery([word('vaccins'), { words: ['l', 'universite'], exact: false, prefix: false }], [])).toBe('vaccin universit ');
    expect(buildQuery([word('the'), word('translating'), word('of')], [])).toBe('translat ');
    // A quoted phrase is searched as typed, stop words and all; a query of stop words only keeps them.
    expect(buildQuery([{ words: ['l', 'universite'], exact: true, prefix: false }, word('de')], [])).toBe('"l universite" ');
    expect(buildQuery([word('to'), word('be')], [])).toBe('to be ');
  });

  it('sends the other forms of a message\'s words and, for a reply, its root\'s words', () => {
    const document = {
      channelId: GENERAL,
      ts: '1672574500.000400',
      tsMs: 1672574500000,
      authorId: 'U2',
      year: 2023,
      text: 'Run it under gdb',
      hasFile: false,
      hasLink: false,
      hasReaction: false,
      isThread: true,
      threadTs: '1672574400.000300',
      rootText: 'How do I debug C code? It crashes',
    };
    expect(toMeilisearchDocument(document)).toEqual({
      id: 'C04A2GNRL7Q_1672574500-000400',
      channelId: GENERAL,
      ts: '1672574500.000400',
      tsMs: 1672574500000,
      authorId: 'U2',
      year: 2023,
      text: 'Run it under gdb',
      hasFile: false,
      hasLink: false,
      hasReaction: false,
      isThread: true,
      forms: '',
      context: 'debug code crashes cod crash',
      notice: 0,
    });
    expect(toMeilisearchDocument({ ...document, notice: true }).notice).toBe(1);
    // Meilisearch keeps « covid19 » whole; the query comes folded, « covid 19 »: the forms hold that too.
    expect(toMeilisearchDocument({ ...document, text: 'Registre covid19 et v0.6' }).forms).toBe('registr covid 19 v 0 6');
  });

  it('maps offsets to pages', () => {
    expect(pageFor(0, 20)).toEqual({ page: 1, hitsPerPage: 20, skip: 0 });
    expect(pageFor(40, 20)).toEqual({ page: 3, hitsPerPage: 20, skip: 0 });
    expect(pageFor(5, 20)).toEqual({ page: 1, hitsPerPage: 25, skip: 5 });
    expect(pageFor(0, 0)).toEqual({ page: 1, hitsPerPage: 0, skip: 0 });
  });

  it('splits highlighted text on its own tags only', () => {
    expect(snippetParts('a [P]b[/P] c [P]d[/P]', '[P]', '[/P]')).toEqual([
      { text: 'a ', match: false },
      { text: 'b', match: true },
      { text: ' c ', match: false },
      { text: 'd', match: true },
    ]);
    expect(snippetParts('<em>x</em> [P]y', '[P]', '[/P]')).toEqual([{ text: '<em>x</em> y', match: false }]);
    expect(snippetParts(undefined, '[P]', '[/P]')).toEqual([]);
  });

  it('rewrites Slack timestamps into valid document ids', () => {
    expect(documentId({ channelId: 'C04A2GNRL7Q', ts: '1612345678.000200' })).toBe('C04A2GNRL7Q_1612345678-000200');
    expect(() => documentId({ channelId: 'C1/../x', ts: '1.2' })).toThrow(RangeError);
  });
});

const realUrl = process.env.MEILI_URL;

/** Runs only when MEILI_URL points at a Meilisearch ≥ 1.18 (MEILI_API_KEY if it has a master key), on a throwaway index. */
describe.skipIf(!realUrl)('the Meilisearch engine against a real server (set MEILI_URL to run)', () => {
  let database: Awaited<ReturnType<typeof openTempDatabase>>;
  const indexName = `passerelle-test-${process.pid}-${Date.now()}`;
  let meili: ReturnType<typeof createMeilisearchEngine>;

  beforeAll(async () => {
    database = await openTempDatabase();
    for (const message of SEED) await addMessage(database.db, message);
    meili = createMeilisearchEngine({
      url: realUrl!,
      apiKey: process.env.MEILI_API_KEY,
      indexName,
      timeZone: TIME_ZONE,
      client: database.client,
      timeoutMs: 10_000,
    });
  });
  afterAll(async () => {
    const { Meilisearch } = await import('meilisearch');
    const client = new Meilisearch({ host: realUrl!, apiKey: process.env.MEILI_API_KEY });
    for (const uid of [indexName, `${indexName}-next`]) await client.deleteIndexIfExists(uid).catch(() => undefined);
    database?.dispose();
  });

  it('syncs, searches with the access filter, facets and snippets, and reindexes', async () => {
    expect(await meili.sync()).toBe(SEED.length);
    const results = await meili.search(request());
    expect(results.total).toBe(3);
    expect(results.hits.every((hit) => hit.channelId === GENERAL)).toBe(true);
    expect(results.facets.channels).toEqual([{ value: GENERAL, count: 3 }]);
    expect(results.hits[0]!.snippet.some((part) => part.match && /vaccin/i.test(part.text))).toBe(true);
    expect((await meili.search(request({ terms: [word('vac', true)], sort: 'newest' }))).hits[0]!.ts).toBe('1672574400.000300');
    expect((await meili.search(request({ authorIds: ['U2'], has: ['file'] }))).total).toBe(1);
    expect(await meili.reindex()).toBe(5);
    expect((await meili.search(request())).total).toBe(3);
  });
});
