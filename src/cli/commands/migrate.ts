import type { Command } from 'commander';
import { loadConfig } from '../../core/config.ts';
import { ensureWritableDataDir } from '../../core/data-dir.ts';
import { openDatabase } from '../../core/db/client.ts';
import { migrateDatabase } from '../../core/db/migrate.ts';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('create or upgrade the database under DATA_DIR (the server also does this at start)')
    .action(async () => {
      const config = loadConfig();
      ensureWritableDataDir(config.dataDir);
      const database = await openDatabase(config.dataDir);
      try {
        await migrateDatabase(database.db);
        process.stdout.write(`Database up to date: ${database.file}\n`);
      } finally {
        database.close();
      }
    });
}
