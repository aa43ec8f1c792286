import type { SignInDeps } from '../core/accounts/sign-in.ts';
import { loadConfig, type Config } from '../core/config.ts';
import { ensureWritableDataDir } from '../core/data-dir.ts';
import { openDatabase, type Database } from '../core/db/client.ts';
import { migrateDatabase } from '../core/db/migrate.ts';
import { createLogger, type Logger } from '../core/log.ts';
import { createMailDeps } from '../core/mail/from-config.ts';
import { route } from '../core/routes.ts';
import { createSearchEngine } from '../core/search/from-config.ts';
import type { SearchEngine } from '../core/search/port.ts';

export interface CliRuntime {
  config: Config;
  log: Logger;
  database: Database;
  signInDeps: SignInDeps;
  search: SearchEngine;
}

/**
 * What a command needs, opened for its duration: validated configuration, the
 * database (migrated, so a command never runs against an older schema), mail.
 */
export async function openRuntime<T>(work: (runtime: CliRuntime) => Promise<T>): Promise<T> {
  const config = loadConfig();
  ensureWritableDataDir(config.dataDir);
  const log = createLogger(config);
  const database = await openDatabase(config.dataDir);
  try {
    await migrateDatabase(database.db);
    const signInDeps: SignInDeps = {
      db: database.db,
      mail: createMailDeps(config, database.db, log),
      publicUrl: config.publicUrl,
      communityName: config.communityName,
      linkPath: (locale) => route('signInLink', locale),
    };
    const search = createSearchEngine(config, database, log);
    try {
      return await work({ config, log, database, signInDeps, search });
    } finally {
      await search.close();
    }
  } finally {
    database.close();
  }
}
