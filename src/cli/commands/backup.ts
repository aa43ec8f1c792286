import path from 'node:path';
import type { Command } from 'commander';
import { takeBackup } from '../../core/backups/backup.ts';
import { restoreBackup } from '../../core/backups/restore.ts';
import { loadConfig } from '../../core/config.ts';
import { DATABASE_FILE_NAME } from '../../core/db/client.ts';

const positive = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--keep must be a whole number of backups, at least 1 (got ${value})`);
  return n;
};

/**
 * Backups and restore, without opening the database as the other commands
 * do: a backup must not migrate the database it copies, and a restore must
 * not hold the file it is about to replace.
 */
export function registerBackup(program: Command): void {
  program
    .command('backup')
    .description('copy the database while the server runs (checked, dated; keeps the last BACKUP_KEEP)')
    .option('--out <dir>', 'where to write the backup (default BACKUP_DIR, or DATA_DIR/backups)')
    .option('--keep <n>', 'how many backups to keep in that directory (default BACKUP_KEEP, 7)', positive)
    .action((options: { out?: string; keep?: number }) => {
      const config = loadConfig();
      const result = takeBackup({
        databaseFile: path.join(config.dataDir, DATABASE_FILE_NAME),
        dir: options.out ? path.resolve(options.out) : config.backups.dir,
        keep: options.keep ?? config.backups.keep,
      });
      process.stdout.write(`Backup written and checked: ${result.file} (${(result.bytes / 1_048_576).toFixed(1)} MiB)\n`);
      for (const file of result.removed) process.stdout.write(`Older backup removed: ${file}\n`);
    });
  program
    .command('restore <file>')
    .description('put a backup in place of the database (the server must be stopped; the current database is kept aside)')
    .action((file: string) => {
      const config = loadConfig();
      const result = restoreBackup({ databaseFile: path.join(config.dataDir, DATABASE_FILE_NAME), from: path.resolve(file) });
      process.stdout.write(`Database restored from ${path.resolve(file)}\n`);
      if (result.previous) process.stdout.write(`The database that was in place is kept as ${result.previous} (remove it once the restore is confirmed)\n`);
      process.stdout.write(
        'embedded' in config.search
          ? 'The embedded search index is part of the database and came back with it.\n'
          : 'Meilisearch still holds the index of the replaced database: run `npm run passerelle -- reindex`.\n',
      );
    });
}
