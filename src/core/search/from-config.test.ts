import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { openTempDatabase } from '../../../tests/support/temp-database.ts';
import { searchRequest } from '../../../tests/support/search-request.ts';
import { createSearchEngine } from './from-config.ts';
import type { SearchEngine } from './port.ts';
import { PRODUCTION_ENV } from '../../../tests/support/production-env.ts';

/** The test thread: the real engine, except that a search for "slow" holds its thread a moment. */
const THREAD = new URL('../../../tests/support/search-thread-with-faults.ts', import.meta.url).pathname;

describe('the embedded engine as the server hosts it', () => {
  let database: Awaited<ReturnType<typeof openTempDatabase>>;
  let engine: SearchEngine | undefined;
  beforeEach(async () => {
    database = await openTempDatabase();
  });
  afterEach(async () => {
    await engine?.close();
    database.dispose();
  });

  /** Which ends first: a search for « slow », or a 20 ms timer started beside it. */
  const searchBesideTimer = async (searching: SearchEngine): Promise<string[]> => {
    const order: string[] = [];
    const search = searching.search(searchRequest({ terms: [{ words: ['slow'], exact: false, prefix: false }], readableChannelIds: ['C1'] })).then(() => order.push('search'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    order.push('timer');
    await search;
    return order;
  };

  const config = (threads: string) =>
    loadConfig(
      {
        ...PRODUCTION_ENV,
        DATA_DIR: path.dirname(database.file),
        SEARCH_THREADS: threads,
      },
      { demo: false },
    );

  it('searches on a thread when the serving process offers one: the event loop goes on meanwhile', async () => {
    engine = createSearchEngine(config('1'), database, undefined, { threadScript: THREAD });
    expect(await searchBesideTimer(engine)).toEqual(['timer', 'search']);
  });

  it('searches on the event loop with SEARCH_THREADS=0, or where no thread is offered (the command line)', async () => {
    for (const [threads, hosting] of [
      ['0', { threadScript: THREAD }],
      ['1', {}],
    ] as const) {
      engine = createSearchEngine(config(threads), database, undefined, hosting);
      // The test thread would hold a "slow" search; the engine on this thread knows no such word and answers at once.
      expect(await searchBesideTimer(engine)).toEqual(['search', 'timer']);
      await engine.close();
      engine = undefined;
    }
  });
});
