import type { Database } from '../../src/core/db/client.ts';
import { createEmbeddedEngine } from '../../src/core/search/embedded/embedded-engine.ts';
import type { SearchEngine } from '../../src/core/search/port.ts';
import type { AccessLimits } from '../../src/core/search/embedded/access-plan.ts';

/** The embedded engine on a test archive: what an import indexes into when nothing is configured. */
export function embeddedEngineOn(database: Database, timeZone: string, accessLimits?: AccessLimits): SearchEngine {
  return createEmbeddedEngine({ file: database.file, timeZone, accessLimits });
}
