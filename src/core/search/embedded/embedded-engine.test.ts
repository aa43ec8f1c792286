import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.ts';
import { captureLog } from '../../../../tests/support/capture-log.ts';
import { openTempDatabase } from '../../../../tests/support/temp-database.ts';
import { parseSearchQuery } from '../query-language.ts';
import { createEmbeddedEngine } from './embedded-engine.ts';

async function write(db: Db, channelId: string, ts: string, plain: string): Promise<void> {
  await db.run(sql`INSERT OR REPLACE INTO messages (channel_id, ts, ts_ms, user_id, text, html, plain, has_files, has_links, has_reactions, source_hash)
    VALUES (${channelId}, ${ts}, ${Math.round(Number(ts) * 1000)}, 'U1', ${plain}, ${plain}, ${plain}, 0, 0, 0, 'hash')`);
  await db.run(sql`INSERT OR REPLACE INTO search_queue (channel_id, ts) VALUES (${channelId}, ${ts})`);
}

describe('embedded engine sync', () => {
  let database: Awaited<ReturnType<typeof openTempDatabase>>;
  beforeEach(async () => {
    database = await openTempDatabase();
  });
  afterEach(() => database.dispose());

  const terms = async () => Object.fromEntries((await database.db.all<{ term: string; docs: number }>(sql`SELECT term, docs FROM search_terms ORDER BY term`)).map((row) => [row.term, row.docs]));
  const state = async () => (await database.db.all<{ changes: number; built_at: number | null }>(sql`SELECT changes, built_at FROM search_champions_state`))[0];

  it('keeps word counts true through edits, and rebuilds the champion lists the index changed under', async () => {
    // A machine this slow ranks nothing at search time: every word has a list.
    const engine = createEmbeddedEngine({ file: database.file, timeZone: 'UTC', rankingRates: { perListEntryMs: 20, perMatchMs: 20, perPulledMs: 20 } });
    await write(database.db, 'C1', '1700000000.000100', 'tomate courgette');
    await write(database.db, 'C1', '1700000001.000100', 'tomate');
    await engine.sync();
    expect(await terms()).toEqual({ courgette: 1, tomate: 2 });
    const built = await state();
    expect(built!.built_at).toBe(built!.changes);
    expect((await database.db.all<{ term: string }>(sql`SELECT term FROM search_champion_lists ORDER BY term`)).map((row) => row.term)).toEqual(['courgette', 'tomate']);

    // An edit: the first message says something else now.
    await write(database.db, 'C1', '1700000000.000100', 'aubergine');
    await engine.sync();
    expect(await terms()).toEqual({ aubergine: 1, tomate: 1 });
    const rebuilt = await state();
    expect(rebuilt!.changes).toBeGreaterThan(built!.changes);
    expect(rebuilt!.built_at).toBe(rebuilt!.changes);
    expect((await database.db.all<{ term: string }>(sql`SELECT term FROM search_champion_lists ORDER BY term`)).map((row) => row.term)).toEqual(['aubergine', 'tomate']);
    await engine.close();
  });

  it('measures what ranking costs again once a sync has changed the index, not at every sync', async () => {
    // Opened on an empty index, an engine has only the default rates: the lists and its searches need the index's own.
    const { log, output } = captureLog();
    const engine = createEmbeddedEngine({ file: database.file, timeZone: 'UTC', log });
    const measured = () => output().split('\n').filter((line) => line.includes('search ranking cost measured')).length;
    expect(measured()).toBe(1);
    await write(database.db, 'C1', '1700000000.000100', 'tomate courgette');
    await engine.sync();
    expect(measured()).toBe(2);
    await engine.sync();
    expect(measured()).toBe(2);
    await engine.close();
  });
});

describe('embedded engine words', () => {
  it('finds a name with a number however it is written: « covid19 », « COVID-19 », « covid 19 »', async () => {
    const database = await openTempDatabase();
    const engine = createEmbeddedEngine({ file: database.file, timeZone: 'UTC' });
    try {
      await write(database.db, 'C1', '1700000000.000100', 'Registre covid19 ouvert');
      await write(database.db, 'C1', '1700000001.000100', 'Tableau COVID-19 publié');
      await write(database.db, 'C1', '1700000002.000100', 'Cohorte covid de 2019');
      await engine.sync();
      for (const q of ['covid19', 'COVID-19', 'covid 19', '"covid 19"']) {
        const { terms } = parseSearchQuery(q);
        const found = await engine.search({ terms, excluded: [], readableChannelIds: ['C1'], channelIds: null, authorIds: null, fromMs: null, toMs: null, has: [], isThread: false, sort: 'relevance', relax: false, offset: 0, limit: 10 });
        expect(found.hits.map((hit) => hit.ts).toSorted(), q).toEqual(['1700000000.000100', '1700000001.000100']);
      }
    } finally {
      await engine.close();
      database.dispose();
    }
  });
});

describe('embedded engine relaxed matching', () => {
  it('keeps at least half of the words when it leaves some out, then ranks messages holding more of them first', async () => {
    // « pangolin » is the rarest word and fills a page alone; no message holds it with another word, and five hold the two others.
    const database = await openTempDatabase();
    const engine = createEmbeddedEngine({ file: database.file, timeZone: 'UTC' });
    try {
      const messages = [
        ...Array.from({ length: 25 }, (_, i) => `pangolin note${i}`),
        ...Array.from({ length: 5 }, () => 'granby quokka'),
        ...Array.from({ length: 35 }, (_, i) => `granby note${i}`),
        ...Array.from({ length: 55 }, (_, i) => `quokka note${i}`),
        // The rest of the archive: bm25 counts nothing for a word half the messages hold.
        ...Array.from({ length: 200 }, (_, i) => `autre note${i}`),
      ];
      for (const [i, plain] of messages.entries()) await write(database.db, 'C1', `${1_700_000_000 + i}.000100`, plain);
      await engine.sync();
      const { terms } = parseSearchQuery('pangolin granby quokka');
      const search = (sort: 'relevance' | 'newest') =>
        engine.search({ terms, excluded: [], readableChannelIds: ['C1'], channelIds: null, authorIds: null, fromMs: null, toMs: null, has: [], isThread: false, sort, relax: true, offset: 0, limit: 20 });
      const tsOf = (text: string) => messages.flatMap((plain, i) => (plain.startsWith(text) ? [`${1_700_000_000 + i}.000100`] : []));
      // Leaving out « quokka », then « granby », would list « pangolin » alone: one word of three.
      const ranked = await search('relevance');
      expect(ranked.hits.slice(0, 5).map((hit) => hit.ts).toSorted()).toEqual(tsOf('granby quokka'));
      expect(ranked.leftOut?.toSorted()).toEqual(['granby', 'pangolin', 'quokka']);
      // Newest first nothing ranks messages holding any word: the words that say least go on being left out, to one.
      const newest = await search('newest');
      expect(newest.hits.map((hit) => hit.ts)).toEqual(tsOf('pangolin ').toReversed().slice(0, 20));
      expect(newest.leftOut?.toSorted()).toEqual(['granby', 'quokka']);
    } finally {
      await engine.close();
      database.dispose();
    }
  });
});
