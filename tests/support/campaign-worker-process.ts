/**
 * A campaign worker in its own process, for the kill test: it sends until
 * nothing is left, and the test kills it (SIGKILL) at random moments.
 * Settings come from the environment the test gives it.
 */
import { openDatabase } from '../../src/core/db/client.ts';
import { createPostmarkBroadcast } from '../../src/core/campaigns/postmark-broadcast.ts';
import { runCampaignWorker } from '../../src/core/campaigns/worker.ts';

const env = process.env as Record<string, string>;
const database = await openDatabase(env.CAMPAIGN_DATA_DIR!);
const run = runCampaignWorker(
  {
    db: database.db,
    client: database.client,
    provider: createPostmarkBroadcast({ serverToken: env.CAMPAIGN_TOKEN!, stream: 'broadcast', from: 'Collectif <annonces@example.org>', requestHost: env.CAMPAIGN_POSTMARK_HOST!, useHttps: false, timeoutSeconds: 5 }),
    stream: 'broadcast',
    renewalLinkFor: async (memberId) => `https://portail.example.org/fr/renouveler/${memberId}#secret`,
    communityName: 'Collectif',
    leaseMs: 300,
    batchSize: 4,
    reconcileGraceMs: 200,
    bouncePullEveryMs: 60_000,
    maxBackoffMs: 200,
  },
  { intervalMs: 20, untilIdle: true },
);
await run.finished;
database.close();
process.stdout.write('idle\n');
