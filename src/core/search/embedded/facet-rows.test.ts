import Libsql from 'libsql';
import { describe, expect, it } from 'vitest';
import type { SearchRequest } from '../port.ts';
import { searchRequest } from '../../../../tests/support/search-request.ts';
import { FACETS_EXACT_UP_TO } from './facet-rows.ts';
import { indexEntryOf } from './index-entry.ts';
import { createIndexTables } from './index-tables.ts';
import { IndexWriter } from './index-writer.ts';
import { DEFAULT_RATES } from './ranking-cost.ts';
import { searchFts } from './search-fts.ts';

const START_S = 1_600_000_000;
const MESSAGES = 2_600;
const channelOf = (i: number) => ['C1', 'C1', 'C2', 'CPRIVATE'][i % 4]!;
const authorOf = (i: number) => `U${i % 5}`;
const hasBudget = (i: number) => i % 2 === 0;

/** Every message holds « projet », every other one « budget »; a quarter are in a private channel. */
function archive(channelAt: (i: number) => string = channelOf): Libsql.Database {
  const db = new Libsql(':memory:');
  createIndexTables(db);
  db.exec('CREATE TABLE channels (id TEXT PRIMARY KEY, message_count INTEGER NOT NULL); CREATE TABLE messages (channel_id TEXT, ts TEXT, text TEXT, plain TEXT, PRIMARY KEY (channel_id, ts));');
  db.exec('CREATE TABLE people (id TEXT PRIMARY KEY, display_name TEXT, real_name TEXT, handle TEXT, is_bot INTEGER NOT NULL DEFAULT 0); CREATE TABLE person_name_levels (person_id TEXT PRIMARY KEY, level TEXT); CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT); CREATE TABLE members (id TEXT PRIMARY KEY, slack_person_id TEXT);');
  const insert = db.prepare('INSERT INTO messages (channel_id, ts, text, plain) VALUES (?, ?, ?, ?)');
  const entries = Array.from({ length: MESSAGES }, (_, i) => {
    const ts = `${START_S + i * 1000}.000100`;
    const text = hasBudget(i) ? 'projet budget' : 'projet';
    insert.run(channelAt(i), ts, text, text);
    return indexEntryOf({ channelId: channelAt(i), ts, tsMs: (START_S + i * 1000) * 1000, authorId: authorOf(i), year: 2020, text, hasFile: false, hasLink: false, hasReaction: false, isThread: false, threadTs: null, rootText: null });
  });
  for (const id of ['C1', 'C2', 'CPRIVATE']) db.prepare('INSERT INTO channels (id, message_count) VALUES (?, 650)').run(id);
  db.transaction(() => new IndexWriter(db).write(entries, []))();
  return db;
}

const request = (word: string, readable: string[]): SearchRequest => searchRequest({ terms: [{ words: [word], exact: true, prefix: false }], readableChannelIds: readable });

/** What the facets should say, counted here over the generated messages. */
function truth(matches: (i: number) => boolean, readable: string[]) {
  const channels = new Map<string, number>();
  const people = new Map<string, number>();
  for (let i = 0; i < MESSAGES; i++) {
    if (!matches(i) || !readable.includes(channelOf(i))) continue;
    channels.set(channelOf(i), (channels.get(channelOf(i)) ?? 0) + 1);
    people.set(authorOf(i), (people.get(authorOf(i)) ?? 0) + 1);
  }
  const sorted = (map: Map<string, number>) => [...map].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  return { channels: sorted(channels), people: sorted(people) };
}

describe('channel and people facets', () => {
  const search = searchFts(archive(), { rates: DEFAULT_RATES });

  it.each([
    ['« budget », public channels', 'budget', hasBudget],
    ['« projet », public channels', 'projet', () => true],
  ])('count every match up to the bound, never a private channel: %s', (_, word, matches) => {
    const readable = ['C1', 'C2'];
    const found = search.search(request(word, readable));
    expect(found.total).toBeGreaterThan(500);
    expect(found.total).toBeLessThanOrEqual(FACETS_EXACT_UP_TO);
    expect(found.facetSample).toBeUndefined();
    expect(found.facets.channels).toEqual(truth(matches, readable).channels);
    expect(found.facets.people).toEqual(truth(matches, readable).people);
  });

  it('count the newest matches past the bound, and say they are a sample', () => {
    const found = search.search(request('projet', ['C1', 'C2', 'CPRIVATE']));
    expect(found.total).toBe(MESSAGES);
    expect(found.facetSample).toBe(500);
    expect(found.facets.channels.reduce((sum, facet) => sum + facet.count, 0)).toBe(500);
  });

  it('sample the newest matches, not any others', () => {
    // The last 600 messages were written in C2, all before in C1.
    const later = searchFts(archive((i) => (i < MESSAGES - 600 ? 'C1' : 'C2')), { rates: DEFAULT_RATES });
    const found = later.search(request('projet', ['C1', 'C2']));
    expect(found.facetSample).toBe(500);
    expect(found.facets.channels).toEqual([{ value: 'C2', count: 500 }]);
  });
});
