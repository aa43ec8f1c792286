import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.ts';
import { openTempDatabase } from '../../../../tests/support/temp-database.ts';
import { searchRequest } from '../../../../tests/support/search-request.ts';
import { SearchUnavailableError, type SearchEngine } from '../port.ts';
import { createThreadedEngine } from './search-threads.ts';

const THREAD = new URL('../../../../tests/support/search-thread-with-faults.ts', import.meta.url);

async function write(db: Db, channelId: string, ts: string, plain: string): Promise<void> {
  await db.run(sql`INSERT INTO messages (channel_id, ts, ts_ms, user_id, text, html, plain, has_files, has_links, has_reactions, source_hash)
    VALUES (${channelId}, ${ts}, ${Math.round(Number(ts) * 1000)}, 'U1', ${plain}, ${plain}, ${plain}, 0, 0, 0, 'hash')`);
  await db.run(sql`INSERT INTO search_queue (channel_id, ts) VALUES (${channelId}, ${ts})`);
}

const asking = (word: string, readableChannelIds: string[]) => searchRequest({ terms: [{ words: [word], exact: false, prefix: false }], readableChannelIds });
const found = async (engine: SearchEngine, word: string, readable: string[]) =>
  (await engine.search(asking(word, readable))).hits.map((hit) => `${hit.channelId}/${hit.ts}`).sort();

describe('the embedded engine on search threads', () => {
  let database: Awaited<ReturnType<typeof openTempDatabase>>;
  let engine: SearchEngine;
  beforeEach(async () => {
    database = await openTempDatabase();
    await database.db.run(sql`INSERT INTO channels (id, kind, name, folder, listed) VALUES ('C1', 'public', 'general', 'general', 1), ('C2', 'private', 'bureau', 'bureau', 1)`);
    await write(database.db, 'C1', '1700000000.000100', 'tomate courgette');
    await write(database.db, 'C2', '1700000001.000100', 'tomate secrète');
    engine = createThreadedEngine({ engine: { file: database.file, timeZone: 'UTC' }, threads: 2, script: THREAD });
  });
  afterEach(async () => {
    await engine.close();
    database.dispose();
  });

  it('indexes and searches on its threads, within the channels the request allows only', async () => {
    expect(await engine.sync()).toBe(2);
    expect(await found(engine, 'tomate', ['C1', 'C2'])).toEqual(['C1/1700000000.000100', 'C2/1700000001.000100']);
    // The access came resolved with the request: the thread searches within it, facets included.
    const mine = await engine.search(asking('tomate', ['C1']));
    expect(mine.hits.map((hit) => hit.channelId)).toEqual(['C1']);
    expect(mine.total).toBe(1);
    expect(mine.facets.channels.map((facet) => facet.value)).toEqual(['C1']);
    expect(await found(engine, 'secrète', ['C1'])).toEqual([]);
  });

  it('keeps the event loop free while a search runs', async () => {
    await engine.sync();
    const order: string[] = [];
    const search = engine.search(asking('slow', ['C1', 'C2'])).then(() => order.push('search'));
    // The thread holds itself for a moment: a timer on this thread fires meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 20));
    order.push('timer');
    await search;
    expect(order).toEqual(['timer', 'search']);
  });

  it('answers a search whose thread ended with "search unavailable", and starts another thread', async () => {
    await engine.sync();
    const alone = createThreadedEngine({ engine: { file: database.file, timeZone: 'UTC' }, threads: 1, script: THREAD });
    try {
      const crashed = alone.search(asking('crash', ['C1', 'C2']));
      await expect(crashed).rejects.toBeInstanceOf(SearchUnavailableError);
      await expect(crashed).rejects.toThrow(/search thread ended \(exit code 7\)/);
      // Its only thread is gone: the next search is answered by the one started in its place.
      expect(await found(alone, 'courgette', ['C1'])).toEqual(['C1/1700000000.000100']);
    } finally {
      await alone.close();
    }
  });

  it('refuses searches once closed', async () => {
    await engine.close();
    await expect(engine.search(asking('tomate', ['C1']))).rejects.toBeInstanceOf(SearchUnavailableError);
  });
});
