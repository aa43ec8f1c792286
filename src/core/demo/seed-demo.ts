import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { addMembersFromSlack } from '../accounts/import-members.ts';
import { addMember } from '../accounts/members.ts';
import type { Database } from '../db/client.ts';
import { settings } from '../db/schema/meta.ts';
import type { Logger } from '../log.ts';
import { importSlackExport, type ImportSearch } from '../slack-import/import-export.ts';
import { DEFAULT_IMPORT_LIMITS } from '../slack-import/source/limits.ts';

export const DEMO_EXPORT = fileURLToPath(new URL('../../../demo/slack-export', import.meta.url));
const SEEDED = 'demo.seeded';
export const DEMO_ADMIN_EMAIL = 'admin@example.org';

/**
 * Loads the bundled demo workspace the first time the demo starts, so a
 * newcomer meets a living archive. Direct messages are included to show that
 * they stay visible to their participants only.
 */
export async function seedDemo(database: Database, log: Logger, search: ImportSearch): Promise<void> {
  const done = await database.db.select().from(settings).where(eq(settings.key, SEEDED)).limit(1);
  if (done.length > 0) return;
  log.info('importing the demo Slack export (first start only)');
  const summary = await importSlackExport(database, DEMO_EXPORT, { limits: DEFAULT_IMPORT_LIMITS, includeDms: true, search });
  log.info({ messages: summary.messages.written, people: summary.people }, 'demo archive ready');
  const members = await addMembersFromSlack(database.db, 'cli');
  await addMember(database.db, 'cli', { email: DEMO_ADMIN_EMAIL, name: 'Camille Admin', role: 'admin' });
  log.info(
    { members: members + 1 },
    `demo accounts ready: sign in as ${DEMO_ADMIN_EMAIL} (administrator) or as a member such as elise.cote@example.org; codes are printed here`,
  );
  await database.db
    .insert(settings)
    .values({ key: SEEDED, value: new Date().toISOString(), updatedAt: new Date() })
    .onConflictDoNothing();
}
