import type { Config } from '../core/config.ts';
import { openDatabase } from '../core/db/client.ts';
import { pruneExpiredAccountData } from '../core/accounts/retention.ts';
import type { Logger } from '../core/log.ts';
import { scheduleRetention } from '../core/privacy/retention-schedule.ts';
import { safeError } from '../core/text/safe-error.ts';
import { startCampaignSender } from './campaign-sender.ts';

export interface BackgroundJobs {
  /** Ends the campaign batch in hand, gives its lease back, stops the timers and closes the connection. */
  stop(): Promise<void>;
}

const PRUNE_EVERY_MS = 60 * 60 * 1000;

/**
 * Everything the server does on its own, on a timer: in exactly one process
 * (the first serving process when several serve, see serving-processes.ts), so nothing runs twice
 * however many processes answer requests. The start script has already
 * pruned and enforced the retention policy once before this.
 */
export async function startBackgroundJobs(config: Config, log: Logger): Promise<BackgroundJobs> {
  // Its own connection: the pages never wait behind a job's statements.
  const database = await openDatabase(config.dataDir);
  // Hourly: expired sessions, sign-in codes and links.
  const prune = setInterval(() => pruneExpiredAccountData(database.db).catch((error) => log.error({ err: safeError(error) }, 'pruning failed')), PRUNE_EVERY_MS);
  prune.unref();
  // Daily, the whole retention policy (privacy/retention-policy.ts), with counts in the log.
  const retention = scheduleRetention(database.db, config.retention, log);
  const sender = await startCampaignSender(config, log);
  log.info({ jobs: ['account pruning', 'retention policy', ...(sender ? ['campaign sender'] : [])] }, 'background jobs started');
  return {
    async stop() {
      clearInterval(prune);
      retention.stop();
      try {
        // The sender ends its batch and gives the lease back first, so another process can take over at once.
        await sender?.stop();
      } catch (error) {
        log.error({ err: safeError(error) }, 'campaign sender did not stop cleanly');
      }
      database.close();
    },
  };
}
