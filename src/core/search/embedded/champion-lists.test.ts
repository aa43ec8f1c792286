import Libsql from 'libsql';
import { describe, expect, it } from 'vitest';
import type { SearchRequest } from '../port.ts';
import { searchRequest } from '../../../../tests/support/search-request.ts';
import { firstValue } from '../../db/first-value.ts';
import { createRandom } from '../../synthetic-export/seeded-random.ts';
import { championsCurrent, rebuildChampionLists } from './champion-lists.ts';
import { indexEntryOf, type IndexEntry } from './index-entry.ts';
import { createIndexTables } from './index-tables.ts';
import { IndexWriter } from './index-writer.ts';
import { DEFAULT_RATES, type RankingRates } from './ranking-cost.ts';
import { searchFts } from './search-fts.ts';

/** A machine so slow that only a handful of matches can be ranked at search time: every common word needs its list. */
const STARVED: RankingRates = { perListEntryMs: 1, perMatchMs: 1, perPulledMs: 1, perScoredHereMs: 10 };
const CHANNELS = ['C1', 'C2', 'CPRIVATE'];
const AUTHORS = ['U1', 'U2', 'U3', 'URARE'];
const FILLER = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet'];
const START_S = 1_600_000_000;

/** 900 messages over about three years, most holding "projet" a few times among filler of varied length. */
function archive(): { db: Libsql.Database; writer: IndexWriter; entries: IndexEntry[] } {
  const db = new Libsql(':memory:');
  createIndexTables(db);
  db.exec('CREATE TABLE channels (id TEXT PRIMARY KEY, message_count INTEGER NOT NULL); CREATE TABLE messages (channel_id TEXT, ts TEXT, text TEXT, plain TEXT, PRIMARY KEY (channel_id, ts));');
  // What hits read to show pseudonymised people's @mentions under the pseudonym (none here).
  db.exec('CREATE TABLE people (id TEXT PRIMARY KEY, display_name TEXT, real_name TEXT, handle TEXT, is_bot INTEGER NOT NULL DEFAULT 0); CREATE TABLE person_name_levels (person_id TEXT PRIMARY KEY, level TEXT); CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT); CREATE TABLE members (id TEXT PRIMARY KEY, slack_person_id TEXT);');
  const random = createRandom(7);
  const entries: IndexEntry[] = [];
  const insertMessage = db.prepare('INSERT INTO messages (channel_id, ts, text, plain) VALUES (?, ?, ?, ?)');
  for (let i = 0; i < 900; i++) {
    const channelId = CHANNELS[i % 3]!;
    const authorId = i % 150 === 0 ? 'URARE' : AUTHORS[i % 3]!;
    const words = Array.from({ length: random.between(1, 30) }, () => random.pick(FILLER));
    if (i % 10 !== 9) for (let k = random.between(1, 4); k > 0; k--) words.splice(random.between(0, words.length), 0, 'projet');
    const ts = `${START_S + i * 100_000}.000100`;
    const text = words.join(' ');
    insertMessage.run(channelId, ts, text, text);
    entries.push(indexEntryOf({ channelId, ts, tsMs: (START_S + i * 100_000) * 1000, authorId, year: 2020, text, hasFile: false, hasLink: false, hasReaction: false, isThread: false, threadTs: null, rootText: null }));
  }
  for (const id of CHANNELS) db.prepare('INSERT INTO channels (id, message_count) VALUES (?, 300)').run(id);
  const writer = new IndexWriter(db);
  db.transaction(() => writer.write(entries, []))();
  return { db, writer, entries };
}

const request = (overrides: Partial<SearchRequest> = {}): SearchRequest =>
  searchRequest({ terms: [{ words: ['projet'], exact: false, prefix: false }], readableChannelIds: ['C1', 'C2'], ...overrides });

const keys = (results: { hits: { channelId: string; ts: string }[] }) => results.hits.map((hit) => `${hit.channelId}/${hit.ts}`);

describe('champion lists', () => {
  const { db, writer } = archive();
  const ranked = searchFts(db, { rates: DEFAULT_RATES });
  const starved = searchFts(db, { rates: STARVED });
  const middle = (START_S + 450 * 100_000) * 1000;
  const cases: [string, Partial<SearchRequest>][] = [
    ['no filter', {}],
    ['the second page', { offset: 20 }],
    ['in: a channel', { channelIds: ['C2'] }],
    ['from: a person', { authorIds: ['U2'] }],
    ['after: a date', { fromMs: middle }],
    ['before: a date', { toMs: middle }],
  ];

  it('without lists, a word too common to rank comes newest first and says so', () => {
    expect(championsCurrent(db, 100)).toBe(false);
    expect(starved.search(request()).partial).toBe(true);
    expect(ranked.search(request()).partial).toBe(false);
  });

  it.each(cases)('answer exactly as ranking every match would, with %s', (_, overrides) => {
    rebuildChampionLists(db, 100, 400);
    const expected = ranked.search(request(overrides));
    const found = starved.search(request(overrides));
    expect(found.partial).toBe(false);
    expect(found.hits.length).toBeGreaterThan(0);
    expect(keys(found)).toEqual(keys(expected));
    expect(found.total).toBe(expected.total);
  });

  it('answer a misspelling nothing holds, one typo from a listed word, in that word’s order', () => {
    rebuildChampionLists(db, 100, 400);
    const misspelled = request({ terms: [{ words: ['projjet'], exact: false, prefix: false }] });
    const expected = ranked.search(misspelled);
    const found = starved.search(misspelled);
    expect(found.partial).toBe(false);
    expect(found.hits.length).toBe(20);
    expect(keys(found)).toEqual(keys(expected));
  });

  it('never return a message of a channel the reader cannot read, though the lists hold them', () => {
    rebuildChampionLists(db, 100, 400);
    expect(firstValue(db.prepare("SELECT count(*) FROM search_champion_lists AS l, json_each(l.entries) AS e WHERE e.value ->> 1 = 'CPRIVATE'"))).toBeGreaterThan(0);
    for (let page = 0; page < 5; page++) {
      const found = starved.search(request({ offset: page * 20 }));
      expect(found.partial).toBe(false);
      expect(found.hits.every((hit) => hit.channelId !== 'CPRIVATE')).toBe(true);
    }
  });

  it('say partial when too few of a list survive the filters for the page asked', () => {
    rebuildChampionLists(db, 100, 400);
    // URARE wrote 6 messages, a few of them in the best 400: not a page's worth, and the list says nothing past its end.
    const rare = starved.search(request({ authorIds: ['URARE'], readableChannelIds: CHANNELS }));
    expect(rare.partial).toBe(true);
    // A list holding every match of its word answers whatever survives.
    rebuildChampionLists(db, 100, 2_000);
    const complete = starved.search(request({ authorIds: ['URARE'], readableChannelIds: CHANNELS }));
    expect(complete.partial).toBe(false);
    expect(keys(complete)).toEqual(keys(ranked.search(request({ authorIds: ['URARE'], readableChannelIds: CHANNELS }))));
  });

  it('are built again when the rates now ask for lists of less frequent words than were built', () => {
    rebuildChampionLists(db, 200, 400);
    expect(championsCurrent(db, 200)).toBe(true);
    expect(championsCurrent(db, 300)).toBe(true);
    // Measured on the index as it now is, ranking costs more: words from 100 documents up need a list.
    expect(championsCurrent(db, 100)).toBe(false);
    rebuildChampionLists(db, 100, 400);
    expect(championsCurrent(db, 100)).toBe(true);
  });

  it('are set aside by any write to the index until they are rebuilt', () => {
    rebuildChampionLists(db, 100, 400);
    expect(starved.search(request()).partial).toBe(false);
    const ts = `${START_S + 901 * 100_000}.000100`;
    const BEST = 'projet '.repeat(12).trim();
    db.prepare('INSERT INTO messages (channel_id, ts, plain) VALUES (?, ?, ?)').run('C1', ts, BEST);
    const entry = indexEntryOf({ channelId: 'C1', ts, tsMs: (START_S + 901 * 100_000) * 1000, authorId: 'U1', year: 2023, text: BEST, hasFile: false, hasLink: false, hasReaction: false, isThread: false, threadTs: null, rootText: null });
    db.transaction(() => writer.write([entry], []))();
    expect(championsCurrent(db, 100)).toBe(false);
    expect(starved.search(request()).partial).toBe(true);
    rebuildChampionLists(db, 100, 400);
    const found = starved.search(request());
    expect(found.partial).toBe(false);
    // The new message, all "projet", is the best of them.
    expect(found.hits[0]).toMatchObject({ channelId: 'C1', ts });
    expect(keys(found)).toEqual(keys(ranked.search(request())));
    // A removal too.
    db.transaction(() => writer.write([], [{ channelId: 'C1', ts }]))();
    expect(starved.search(request()).partial).toBe(true);
  });

  it('are built for every word too common to rank, and for no other', () => {
    expect(rebuildChampionLists(db, 100, 400)).toBe(Number(firstValue(db.prepare('SELECT count(*) FROM search_terms WHERE docs >= 100'))));
    expect(firstValue(db.prepare('SELECT count(*) FROM search_champion_lists WHERE term IN (SELECT term FROM search_terms WHERE docs < 100)'))).toBe(0);
    expect(firstValue(db.prepare("SELECT json_array_length(entries) FROM search_champion_lists WHERE term = 'projet'"))).toBe(400);
  });
});

describe('champion lists stored an entry a row, as the first ones were', () => {
  it('are dropped and built again in the present form', () => {
    const db = new Libsql(':memory:');
    db.exec(`CREATE TABLE search_champions (term TEXT NOT NULL, position INTEGER NOT NULL, id INTEGER NOT NULL, channel_id TEXT NOT NULL, author_id TEXT, PRIMARY KEY (term, position)) WITHOUT ROWID;
      CREATE TABLE search_champions_state (id INTEGER PRIMARY KEY CHECK (id = 1), changes INTEGER NOT NULL, built_at INTEGER, per_word INTEGER NOT NULL, min_docs INTEGER);
      INSERT INTO search_champions_state VALUES (1, 3, 3, 2000, 100);
      INSERT INTO search_champions VALUES ('projet', 0, 1, 'C1', 'U1');`);
    expect(championsCurrent(db, 100)).toBe(true);
    createIndexTables(db);
    expect(db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'search_champions'").get()).toBeUndefined();
    expect(championsCurrent(db, 100)).toBe(false);
  });
});
