import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import type { Logger } from '../log.ts';
import { createEmbeddedEngine } from './embedded/embedded-engine.ts';
import { createThreadedEngine } from './embedded/search-threads.ts';
import { createMeilisearchEngine } from './meilisearch/meilisearch-engine.ts';
import type { SearchEngine } from './port.ts';

/** The embedded index's page cache, in MiB, for the whole server. */
const EMBEDDED_CACHE_MIB = 64;

export interface SearchEngineHosting {
  /**
   * The search thread's script (embedded/search-thread.ts) as the serving process
   * found it: the web app is bundled, and a path from inside the bundle would not
   * lead to it. Absent (the CLI, the dev server, tests), searches run in this thread.
   */
  threadScript?: string;
}

/** Meilisearch when MEILI_URL is set, the embedded engine otherwise (on SEARCH_THREADS threads of its own when the host offers them). */
export function createSearchEngine(config: Config, database: Database, log?: Logger, hosting: SearchEngineHosting = {}): SearchEngine {
  if ('meilisearch' in config.search) {
    const { url, apiKey, index } = config.search.meilisearch;
    return createMeilisearchEngine({ url, apiKey, indexName: index, timeZone: config.timeZone, client: database.client, log });
  }
  if (hosting.threadScript && config.searchThreads > 0) {
    // Each thread keeps its own page cache of the same pages: together they hold what one process did.
    const cacheMiB = Math.max(16, EMBEDDED_CACHE_MIB / (config.workers * config.searchThreads));
    return createThreadedEngine({ engine: { file: database.file, timeZone: config.timeZone, cacheMiB }, threads: config.searchThreads, script: hosting.threadScript, log });
  }
  // Each serving process keeps its own page cache of the same pages: together they hold what one process did.
  return createEmbeddedEngine({ file: database.file, timeZone: config.timeZone, log, cacheMiB: Math.max(16, EMBEDDED_CACHE_MIB / config.workers) });
}
