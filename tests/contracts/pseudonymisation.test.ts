import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createMeilisearchEngine } from '../../src/core/search/meilisearch/meilisearch-engine.ts';
import { embeddedEngineOn } from '../support/search-engines.ts';
import { startMeilisearchStandIn, type MeilisearchStandIn } from '../stand-ins/meilisearch.ts';
import { describePseudonymisation } from './pseudonymisation.contract.ts';

/**
 * Pseudonymisation against both engines: the embedded one, and the Meilisearch
 * adapter talking to the local stand-in (whose whole-word matching is enough
 * here: these cases use rare words). Against a real server:
 *   MEILI_URL=http://127.0.0.1:7700 MEILI_API_KEY=… npx vitest run tests/contracts/pseudonymisation.test.ts
 */
describePseudonymisation('embedded', async ({ database, timeZone }) => embeddedEngineOn(database, timeZone));

describe('with the Meilisearch adapter', () => {
  let standIn: MeilisearchStandIn | undefined;
  const realUrl = process.env.MEILI_URL;
  beforeAll(async () => {
    if (!realUrl) standIn = await startMeilisearchStandIn({});
  });
  afterAll(async () => {
    if (standIn) expect(standIn.violations).toEqual([]);
    await standIn?.close();
  });
  describePseudonymisation(realUrl ? 'meilisearch' : 'meilisearch stand-in', async ({ database, timeZone }) =>
    createMeilisearchEngine({
      url: realUrl ?? standIn!.url,
      apiKey: realUrl ? process.env.MEILI_API_KEY : undefined,
      indexName: `passerelle-pseudonyms-${process.pid}-${Date.now()}`,
      timeZone,
      client: database.client,
      timeoutMs: 10_000,
      taskPollMs: 20,
    }),
  );
});
