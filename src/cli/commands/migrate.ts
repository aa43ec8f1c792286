import type { Command } from 'commander';
import { openRuntime } from '../runtime.ts';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('create or upgrade the database under DATA_DIR (the server also does this at start)')
    .action(async () => {
      await openRuntime(async ({ database }) => {
        process.stdout.write(`Database up to date: ${database.file}\n`);
      });
    });
}
