import type { Config } from '../core/config.ts';
import { openDatabase } from '../core/db/client.ts';
import { createCampaignServices, type PostmarkHost } from '../core/campaigns/from-config.ts';
import { runCampaignWorker } from '../core/campaigns/worker.ts';
import type { Logger } from '../core/log.ts';

export interface CampaignSender {
  /** Finishes the batch in hand, gives the lease back, closes its database connection. */
  stop(): Promise<void>;
}

/**
 * The campaign worker inside the web server. Only with Postmark: campaigns are
 * never sent from the outbox. Several servers (or `campaign run`) may start
 * one; the lease in the database lets one send at a time, the others wait.
 */
export async function startCampaignSender(config: Config, log: Logger, options: { intervalMs?: number; postmarkHost?: PostmarkHost } = {}): Promise<CampaignSender | null> {
  if (!('postmarkToken' in config.mail)) {
    log.info('campaigns are not sent: Postmark is not configured');
    return null;
  }
  // Its own connection: a long batch never holds the pages' one.
  const database = await openDatabase(config.dataDir);
  const services = createCampaignServices(config, database, log, { postmarkHost: options.postmarkHost });
  const deps = services.workerDeps()!;
  const run = runCampaignWorker(deps, { intervalMs: options.intervalMs ?? 30_000 });
  log.info('campaign sender started');
  return {
    async stop() {
      await run.stop();
      services.close();
      database.close();
      log.info('campaign sender stopped');
    },
  };
}
