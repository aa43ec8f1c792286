import type { Command } from 'commander';
import { queuedAccountChanges, retryQueuedAccountChanges, type RetryResult } from '../../core/mattermost/follow-renewal.ts';
import { mattermostFromConfig } from '../../core/mattermost/from-config.ts';
import { openRuntime } from '../runtime.ts';

/** One line per member, in the operator's terms. */
export function describeRetryResult(result: RetryResult): string {
  switch (result.status) {
    case 'done': {
      const steps = [result.created ? 'account created' : 'account found', result.reactivated ? 'reactivated' : null, 'in the team'];
      if (result.passwordBecameResetMail) steps.push('Mattermost mailed its reset link (the password chosen at renewal is never kept)');
      else if (result.resetMailSent) steps.push('Mattermost mailed its reset link');
      return `${result.email}: done — ${steps.filter(Boolean).join(', ')}`;
    }
    case 'queued':
      return `${result.email}: still queued — ${result.reason}`;
    case 'not-tried':
      return `${result.email}: not tried (Mattermost is down or refuses the token; run again later)`;
    case 'dropped':
      return `${result.email}: dropped — ${result.reason}`;
  }
}

export function registerMattermost(program: Command): void {
  const mattermost = program.command('mattermost').description("Members' Mattermost accounts (needs MATTERMOST_URL, MATTERMOST_TEAM and MATTERMOST_TOKEN)");

  mattermost
    .command('retry')
    .description('Make the Mattermost account changes that waited since Mattermost could not follow a renewal')
    .action(async () => {
      await openRuntime(async ({ config, database, log }) => {
        const results = await retryQueuedAccountChanges({ db: database.db, mattermost: mattermostFromConfig(config), log });
        if (results.length === 0) process.stdout.write('No Mattermost account change is waiting.\n');
        for (const result of results) process.stdout.write(`${describeRetryResult(result)}\n`);
        if (results.some((result) => result.status === 'queued' || result.status === 'not-tried')) process.exitCode = 1;
      });
    });

  mattermost
    .command('queue')
    .description('List the Mattermost account changes waiting for a retry')
    .action(async () => {
      await openRuntime(async ({ database }) => {
        const queue = await queuedAccountChanges(database.db);
        if (queue.length === 0) process.stdout.write('No Mattermost account change is waiting.\n');
        for (const change of queue) {
          const mail = change.passwordBecomesResetMail ? ' · reset mail instead of the chosen password' : '';
          process.stdout.write(
            `${change.email} · since ${change.queuedAt.toISOString()} · ${change.attempts} attempt(s), last ${change.lastAttemptAt.toISOString()}${mail}\n  ${change.lastError}\n`,
          );
        }
      });
    });
}
