import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../../src/core/db/client.ts';
import { migrateDatabase } from '../../src/core/db/migrate.ts';

/** A migrated database in its own temporary data directory; `dispose` closes it (if a test has not) and removes it. */
export async function openTempDatabase(): Promise<Database & { dispose(): void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-mail-'));
  const database = await openDatabase(dir);
  await migrateDatabase(database.db);
  return {
    ...database,
    dispose() {
      if (!database.client.closed) database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
