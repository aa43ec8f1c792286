import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import type { Logger } from '../log.ts';
import { createEmbeddedEngine } from './embedded/embedded-engine.ts';
import { createMeilisearchEngine } from './meilisearch/meilisearch-engine.ts';
import type { SearchEngine } from './port.ts';

/** The embedded index's page cache, in MiB, for the whole server. */
const EMBEDDED_CACHE_MIB = 64;

/** Meilisearch when MEILI_URL is set, the embedded engine otherwise. */
export function createSearchEngine(config: Config, database: Database, log?: Logger): SearchEngine {
  if ('meilisearch' in config.search) {
    const { url, apiKey, index } = config.search.meilisearch;
    return createMeilisearchEngine({ url, apiKey, indexName: index, timeZone: config.timeZone, client: database.client, log });
  }
  // Each serving process keeps its own page cache of the same pages: together they hold what one process did.
  return createEmbeddedEngine({ file: database.file, timeZone: config.timeZone, log, cacheMiB: Math.max(16, EMBEDDED_CACHE_MIB / config.workers) });
}
