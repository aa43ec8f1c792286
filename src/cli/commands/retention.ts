import type { Command } from 'commander';
import { runRetentionAndLog } from '../../core/privacy/retention-schedule.ts';
import { RETENTION_CATEGORIES, retentionPeriods, type RetentionPeriod } from '../../core/privacy/retention-policy.ts';
import { openRuntime } from '../runtime.ts';

function describePeriod(period: RetentionPeriod): string {
  if ('minutes' in period) return `${period.minutes} minutes`;
  if ('days' in period) return period.days === 0 ? 'until it expires' : `${period.days} days`;
  return `${period.years} years`;
}

export function registerRetention(program: Command): void {
  const retention = program.command('retention').description('the retention policy: what is kept how long (RETENTION_* variables)');

  retention
    .command('show')
    .description('print how long each category is kept, as the privacy page says')
    .action(async () => {
      await openRuntime(async ({ config }) => {
        const periods = retentionPeriods(config.retention);
        for (const category of RETENTION_CATEGORIES) process.stdout.write(`${category.padEnd(18)} ${describePeriod(periods[category])}\n`);
      });
    });

  retention
    .command('run')
    .description('remove now what the policy no longer allows to keep (the server also does it daily) and print the counts')
    .option('--dry-run', 'count what would be removed, remove nothing')
    .action(async (options: { dryRun?: boolean }) => {
      await openRuntime(async ({ config, database, log }) => {
        const counts = await runRetentionAndLog(database.db, config.retention, log, { dryRun: options.dryRun === true });
        const verb = options.dryRun ? 'would remove' : 'removed';
        for (const category of RETENTION_CATEGORIES) process.stdout.write(`${category.padEnd(18)} ${verb} ${counts[category]}\n`);
      });
    });
}
