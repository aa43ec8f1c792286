import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import type { Logger } from '../log.ts';
import { createEmbeddedEngine } from './embedded/embedded-engine.ts';
import { createMeilisearchEngine } from './meilisearch/meilisearch-engine.ts';
import type { SearchEngine } from './port.ts';

/** Meilisearch when MEILI_URL is set, the embedded engine otherwise. */
export function createSearchEngine(config: Config, database: Database, log?: Logger): SearchEngine {
  if ('meilisearch' in config.search) {
    const { url, apiKey, index } = config.search.meilisearch;
    return createMeilisearchEngine({ url, apiKey, indexName: index, timeZone: config.timeZone, client: database.client, log });
  }
  return createEmbeddedEngine({ file: database.file, timeZone: config.timeZone, log });
}
