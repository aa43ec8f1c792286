import Libsql from 'libsql';
import { describe, expect, it } from 'vitest';
import { searchRequest } from '../../../../tests/support/search-request.ts';
import { MAX_COUNTED } from '../port.ts';
import { indexEntryOf } from './index-entry.ts';
import { createIndexTables } from './index-tables.ts';
import { IndexWriter } from './index-writer.ts';
import { DEFAULT_RATES } from './ranking-cost.ts';
import { searchFts } from './search-fts.ts';

/**
 * 2019 holds « projet » in 36,000 messages; 2020 in 3,000, and « projets »
 * (another form, found too) in 2,000 more, all spread over their year. Past
 * MAX_COUNTED matches each year is counted on its own, up to MAX_COUNTED: 2019
 * is full by the word as typed alone; in 2020, which its counts also say it
 * might be, the other forms count too.
 */
function archive(years: readonly { year: number; messages: number; text: (i: number) => string }[] = PROJECT_YEARS): Libsql.Database {
  const db = new Libsql(':memory:');
  createIndexTables(db);
  db.exec('CREATE TABLE channels (id TEXT PRIMARY KEY, message_count INTEGER NOT NULL); CREATE TABLE messages (channel_id TEXT, ts TEXT, text TEXT, plain TEXT, PRIMARY KEY (channel_id, ts));');
  db.exec('CREATE TABLE people (id TEXT PRIMARY KEY, display_name TEXT, real_name TEXT, handle TEXT, is_bot INTEGER NOT NULL DEFAULT 0); CREATE TABLE person_name_levels (person_id TEXT PRIMARY KEY, level TEXT); CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT); CREATE TABLE members (id TEXT PRIMARY KEY, slack_person_id TEXT);');
  db.prepare('INSERT INTO channels (id, message_count) VALUES (?, ?)').run('C1', years.reduce((sum, { messages }) => sum + messages, 0));
  const entry = (ms: number, text: string) =>
    indexEntryOf({ channelId: 'C1', ts: `${ms / 1000}.000100`, tsMs: ms, authorId: 'U1', year: new Date(ms).getUTCFullYear(), text, hasFile: false, hasLink: false, hasReaction: false, isThread: false, threadTs: null, rootText: null });
  const year = 365 * 24 * 3600_000;
  const entries = years.flatMap(({ year: y, messages, text }) => Array.from({ length: messages }, (_, i) => entry(Date.UTC(y, 0, 1) + Math.floor((i * year) / messages), text(i))));
  db.transaction(() => new IndexWriter(db).write(entries, []))();
  return db;
}

const PROJECT_YEARS = [
  { year: 2019, messages: 36_000, text: () => 'le projet avance' },
  { year: 2020, messages: 5_000, text: (i: number) => (i % 5 < 3 ? 'le projet avance' : 'les projets avancent') },
];

describe('year facets past the count', () => {
  it('count each year up to the bound, the other forms of a word included', () => {
    const search = searchFts(archive(), { rates: DEFAULT_RATES, timeZone: 'UTC' });
    const found = search.search(searchRequest({ terms: [{ words: ['projet'], exact: false, prefix: false }], readableChannelIds: ['C1'] }));
    expect(found.total).toBe(MAX_COUNTED);
    expect(found.facets.years).toEqual([
      { value: '2020', count: 5_000 },
      { value: '2019', count: MAX_COUNTED },
    ]);
  });

  it('count the years the first pass read from its ids, and only the rest of the year it stopped in', () => {
    // 12,000 matches: the first pass reads the oldest 10,000, all of 2018 and 2019 and the start of 2020.
    const db = archive([
      { year: 2018, messages: 4_000, text: () => 'le rapport avance' },
      { year: 2019, messages: 5_000, text: () => 'le rapport avance' },
      { year: 2020, messages: 3_000, text: () => 'le rapport avance' },
    ]);
    const found = searchFts(db, { rates: DEFAULT_RATES, timeZone: 'UTC' }).search(searchRequest({ terms: [{ words: ['rapport'], exact: false, prefix: false }], readableChannelIds: ['C1'] }));
    expect(found.total).toBe(MAX_COUNTED);
    expect(found.facets.years).toEqual([
      { value: '2020', count: 3_000 },
      { value: '2019', count: 5_000 },
      { value: '2018', count: 4_000 },
    ]);
  });
});
