import Libsql from 'libsql';
import { describe, expect, it } from 'vitest';
import type { SearchRequest } from '../port.ts';
import { searchRequest } from '../../../../tests/support/search-request.ts';
import { createRandom } from '../../synthetic-export/seeded-random.ts';
import { indexEntryOf, type IndexEntry } from './index-entry.ts';
import { createIndexTables } from './index-tables.ts';
import { IndexWriter } from './index-writer.ts';
import { BM25, type TermWithVariants } from './match-expression.ts';
import { DEFAULT_RATES, type RankingRates } from './ranking-cost.ts';
import { searchFts } from './search-fts.ts';
import { readVarints, scorableHere, smallSetRanker } from './small-set-ranking.ts';

const FILLER = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet'];
const START_S = 1_600_000_000;

/** 600 messages of varied length: « projet » in most, a few times each, « budget » in some, and a reply's thread for some. */
function archive(): Libsql.Database {
  const db = new Libsql(':memory:');
  createIndexTables(db);
  db.exec('CREATE TABLE channels (id TEXT PRIMARY KEY, message_count INTEGER NOT NULL); CREATE TABLE messages (channel_id TEXT, ts TEXT, text TEXT, plain TEXT, PRIMARY KEY (channel_id, ts));');
  db.exec('CREATE TABLE people (id TEXT PRIMARY KEY, display_name TEXT, real_name TEXT, handle TEXT, is_bot INTEGER NOT NULL DEFAULT 0); CREATE TABLE person_name_levels (person_id TEXT PRIMARY KEY, level TEXT); CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT); CREATE TABLE members (id TEXT PRIMARY KEY, slack_person_id TEXT);');
  const random = createRandom(11);
  const entries: IndexEntry[] = [];
  const insert = db.prepare('INSERT INTO messages (channel_id, ts, text, plain) VALUES (?, ?, ?, ?)');
  for (let i = 0; i < 600; i++) {
    const channelId = i % 2 === 0 ? 'C1' : 'C2';
    const words = Array.from({ length: random.between(1, 40) }, () => random.pick(FILLER));
    if (i % 8 !== 7) for (let k = random.between(1, 3); k > 0; k--) words.splice(random.between(0, words.length), 0, random.chance(0.5) ? 'Projet' : 'projet');
    if (i % 3 === 0) for (let k = random.between(1, 3); k > 0; k--) words.splice(random.between(0, words.length), 0, 'budget');
    const ts = `${START_S + i * 1000}.000100`;
    const text = words.join(' ');
    insert.run(channelId, ts, text, text);
    const root = i % 5 === 4 ? 'projet budget projet alpha' : null;
    entries.push(indexEntryOf({ channelId, ts, tsMs: (START_S + i * 1000) * 1000, authorId: i % 40 === 0 ? 'URARE' : 'U1', year: 2020, text, hasFile: false, hasLink: i % 6 === 0, hasReaction: false, isThread: root !== null, threadTs: root ? `${START_S}.000100` : null, rootText: root }));
  }
  for (const id of ['C1', 'C2']) db.prepare('INSERT INTO channels (id, message_count) VALUES (?, 300)').run(id);
  db.transaction(() => new IndexWriter(db).write(entries, []))();
  return db;
}

const words = (...list: string[]): TermWithVariants[] => list.map((word) => ({ words: [word], exact: false, prefix: false, variants: [] }));

const request = (overrides: Partial<SearchRequest> = {}): SearchRequest =>
  searchRequest({ terms: [{ words: ['projet'], exact: true, prefix: false }], readableChannelIds: ['C1', 'C2'], authorIds: ['URARE'], ...overrides });

const keys = (results: { hits: { channelId: string; ts: string }[] }) => results.hits.map((hit) => `${hit.channelId}/${hit.ts}`);

describe('small-set ranking', () => {
  const db = archive();

  it('reads SQLite varints as FTS5 writes them', () => {
    expect(readVarints(new Uint8Array([0x05]))).toEqual([5]);
    expect(readVarints(new Uint8Array([0xbc, 0xc9, 0x28, 0x81, 0x00]))).toEqual([992_424, 128]);
    expect(readVarints(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]))).toEqual([2 ** 64 - 1]);
  });

  it.each([
    ['one word', ['projet'], '(body : "projet")'],
    ['two words', ['projet', 'budget'], '(body : "projet") AND (body : "budget")'],
    ['a word and a filter', ['budget'], '(body : "budget") AND (meta : ("has" || "link"))'],
  ])('orders matches as FTS5 bm25 does: %s', (_, list, expression) => {
    const fts = db.prepare(`SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY ${BM25}, rowid DESC`).pluck().all(expression.replace('"has" || "link"', '"haslink"')) as number[];
    const ids = db.prepare('SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid').pluck().all(expression.replace('"has" || "link"', '"haslink"')) as number[];
    expect(ids.length).toBeGreaterThan(20);
    expect(smallSetRanker(db)(ids, words(...list))).toEqual(fts);
  });

  it('takes single words only: a phrase, a prefix, typo variants or other forms need what FTS5 alone knows', () => {
    expect(scorableHere(words('projet', 'budget'))).toBe(true);
    expect(scorableHere([{ words: ['projet', 'budget'], exact: true, prefix: false, variants: [] }])).toBe(false);
    expect(scorableHere([{ words: ['proj'], exact: false, prefix: true, variants: [] }])).toBe(false);
    expect(scorableHere([{ words: ['projet'], exact: false, prefix: false, variants: ['projets'] }])).toBe(false);
    expect(scorableHere([{ words: ['projet'], exact: false, prefix: false, variants: [], forms: ['proj'] }])).toBe(false);
    expect(scorableHere([])).toBe(false);
  });

  it('ranks a search with few matches whose word bm25 could not afford to count, in bm25 order', () => {
    // FTS5's bm25 would not fit (each list entry "costs" 1 ms); pulling and scoring 15 matches here fits.
    const slowLists: RankingRates = { perListEntryMs: 1, perMatchMs: 1, perPulledMs: 0.01, perScoredHereMs: 0.1 };
    const expected = searchFts(db, { rates: DEFAULT_RATES }).search(request());
    const found = searchFts(db, { rates: slowLists }).search(request());
    expect(expected.partial).toBe(false);
    expect(found.partial).toBe(false);
    expect(found.total).toBe(expected.total);
    expect(keys(found)).toEqual(keys(expected));
    // Scoring here too slow as well: newest first, said to be partial.
    const starved = searchFts(db, { rates: { ...slowLists, perScoredHereMs: 10 } }).search(request());
    expect(starved.partial).toBe(true);
    expect(keys(starved)).not.toEqual(keys(expected));
  });
});
