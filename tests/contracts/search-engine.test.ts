import { afterAll, describe } from 'vitest';
import { embeddedEngineOn } from '../support/search-engines.ts';
import { createMeilisearchEngine } from '../../src/core/search/meilisearch/meilisearch-engine.ts';
import { describeSearchEngine } from './search-engine.contract.ts';

/**
 * The shared behaviour suite, against every engine this machine can reach.
 * The Meilisearch stand-in has no typo tolerance or ranking, so it is not run
 * here: its adapter tests cover the requests it sends. Against a real server:
 *   MEILI_URL=http://127.0.0.1:7700 MEILI_API_KEY=… npx vitest run tests/contracts/search-engine.test.ts
 */
describeSearchEngine('embedded', async ({ database, timeZone }) => embeddedEngineOn(database, timeZone));
// Archives this small never name enough channels to look them up (access-plan.ts): here every search does.
describeSearchEngine('embedded, access looked up', async ({ database, timeZone }) => embeddedEngineOn(database, timeZone, { channelsInMatch: 0, minShare: 0 }));

const realUrl = process.env.MEILI_URL;

describe.skipIf(!realUrl)('against a real Meilisearch (runs only when MEILI_URL is set, with MEILI_API_KEY if it has a master key)', () => {
  /** Throwaway indexes, one per archive, unique to this run; deleted afterwards with their `-next` rebuilds. */
  const run = `passerelle-test-${process.pid}-${Date.now()}`;
  const indexes: string[] = [];

  afterAll(async () => {
    const { Meilisearch } = await import('meilisearch');
    const client = new Meilisearch({ host: realUrl!, apiKey: process.env.MEILI_API_KEY });
    for (const uid of indexes.flatMap((name) => [name, `${name}-next`])) await client.deleteIndexIfExists(uid).catch(() => undefined);
  });

  describeSearchEngine('meilisearch', async ({ name, database, timeZone }) => {
    const indexName = `${run}-${name}`;
    indexes.push(indexName);
    return createMeilisearchEngine({
      url: realUrl!,
      apiKey: process.env.MEILI_API_KEY,
      indexName,
      timeZone,
      client: database.client,
      timeoutMs: 10_000,
    });
  });
});
