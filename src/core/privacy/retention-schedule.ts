import type { Db } from '../db/client.ts';
import type { Logger } from '../log.ts';
import { safeError } from '../text/safe-error.ts';
import { runRetention, type RetentionCounts } from './retention-job.ts';
import type { RetentionPolicy } from './retention-policy.ts';

export const RETENTION_INTERVAL_MS = 24 * 60 * 60 * 1000;

/** One run, its counts in the log (numbers only: what was removed is gone, and never belongs in a log). */
export async function runRetentionAndLog(db: Db, policy: RetentionPolicy, log: Logger, options: { now?: number; dryRun?: boolean } = {}): Promise<RetentionCounts> {
  const counts = await runRetention(db, policy, options);
  log.info({ removed: counts, dryRun: options.dryRun ?? false }, 'retention policy enforced');
  return counts;
}

/**
 * The daily job, in the process that serves the site (the start script has
 * run it once already). A failed run is logged and the next day tries again.
 */
export function scheduleRetention(db: Db, policy: RetentionPolicy, log: Logger): { stop(): void } {
  const timer = setInterval(() => {
    runRetentionAndLog(db, policy, log).catch((error: unknown) => log.error({ err: safeError(error) }, 'retention run failed'));
  }, RETENTION_INTERVAL_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
