import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { settings } from '../db/schema/meta.ts';
import type { Logger } from '../log.ts';
import { importSlackExport } from '../slack-import/import-export.ts';
import { DEFAULT_IMPORT_LIMITS } from '../slack-import/limits.ts';

export const DEMO_EXPORT = fileURLToPath(new URL('../../../demo/slack-export', import.meta.url));
const SEEDED = 'demo.seeded';

/**
 * Loads the bundled demo workspace the first time the demo starts, so a
 * newcomer meets a living archive. Direct messages are included to show that
 * they stay visible to their participants only.
 */
export async function seedDemo(database: Database, log: Logger): Promise<void> {
  const done = await database.db.select().from(settings).where(eq(settings.key, SEEDED)).limit(1);
  if (done.length > 0) return;
  log.info('importing the demo Slack export (first start only)');
  const summary = await importSlackExport(database, DEMO_EXPORT, { limits: DEFAULT_IMPORT_LIMITS, includeDms: true });
  log.info({ messages: summary.messages.written, people: summary.people }, 'demo archive ready');
  await database.db
    .insert(settings)
    .values({ key: SEEDED, value: new Date().toISOString(), updatedAt: new Date() })
    .onConflictDoNothing();
}
