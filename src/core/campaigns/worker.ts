import { randomUUID } from 'node:crypto';
import type { Client } from '@libsql/client';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { campaignDomainPauses, campaignRecipients, campaigns } from '../db/schema/campaigns.ts';
import type { Logger } from '../log.ts';
import { pullBounces } from '../mail/events/pull-bounces.ts';
import { safeError } from '../text/safe-error.ts';
import { judgeCampaign } from './breaker.ts';
import type { BroadcastProvider } from './broadcast-port.ts';
import { pauseCampaign, type Campaign } from './campaigns.ts';
import { acquireLease, releaseLease } from './lease.ts';
import { reconcileSending } from './reconcile.ts';
import { remindersPending, scheduleReminders } from './reminders.ts';
import { sendDueBatch } from './send-batch.ts';
import type { RenewalLinkFor, RenewalLinksFor } from './seams.ts';

export const LEASE_NAME = 'campaign-sender';

export interface WorkerDeps {
  db: Db;
  client: Client;
  provider: BroadcastProvider;
  /** The broadcast stream the provider sends on (for events and unsubscribes). */
  stream: string;
  renewalLinkFor: RenewalLinkFor;
  /** Links for a whole batch in one transaction, when available. */
  renewalLinksFor?: RenewalLinksFor;
  communityName: string;
  /** Told when a campaign stops itself (mail to the administrators). */
  notifyAdmins?: (campaign: Campaign, reason: string) => Promise<void>;
  now?: () => Date;
  log?: Logger;
  /** Identifies this process's hold on the lease. */
  holder?: string;
  leaseMs?: number;
  batchSize?: number;
  /** How long Postmark's search may take to show a message just sent. */
  reconcileGraceMs?: number;
  bouncePullEveryMs?: number;
  /** Largest pause after consecutive provider failures. */
  maxBackoffMs?: number;
}

export interface TickReport {
  leader: boolean;
  handed: number;
  /** Wait this long before the next tick (back-off after provider trouble). */
  backoffMs: number;
  /** Nothing queued or sending is left in any running campaign. */
  idle: boolean;
}

const BOUNCE_WINDOW_MS = 3 * 24 * 60 * 60 * 1000;

/**
 * The sender: one tick takes the lease, reads the provider's bounces, then for
 * every running campaign settles `sending` messages, lets the breaker judge,
 * and sends what is due, batch after batch, judging again after each.
 */
export function createCampaignWorker(deps: WorkerDeps) {
  const holder = deps.holder ?? randomUUID();
  const now = deps.now ?? (() => new Date());
  const leaseMs = deps.leaseMs ?? 60_000;
  let failures = 0;
  let lastBouncePull = 0;
  let suppressed: { at: number; addresses: Set<string> } | null = null;

  async function suppressedAddresses(): Promise<Set<string>> {
    if (!suppressed || now().getTime() - suppressed.at > 5 * 60_000) suppressed = { at: now().getTime(), addresses: await deps.provider.suppressedAddresses() };
    return suppressed.addresses;
  }

  async function stopCampaign(campaign: Campaign, reason: string): Promise<void> {
    if (!(await pauseCampaign(deps.db, 'system', campaign.id, reason, now()))) return;
    deps.log?.warn({ campaignId: campaign.id, reason }, 'campaign paused itself');
    await deps.notifyAdmins?.(campaign, reason).catch((error) => deps.log?.error({ err: safeError(error) }, 'administrators could not be told of the pause'));
  }

  /** True when the campaign may go on sending. */
  async function judge(campaign: Campaign): Promise<boolean> {
    const verdict = await judgeCampaign(deps.client, campaign);
    for (const { domain, reason } of verdict.blockedDomains) {
      await deps.db
        .insert(campaignDomainPauses)
        .values({ campaignId: campaign.id, domain, reason, at: now() })
        .onConflictDoUpdate({ target: [campaignDomainPauses.campaignId, campaignDomainPauses.domain], set: { reason, at: now(), resumedAt: null } });
      deps.log?.warn({ campaignId: campaign.id, domain, reason }, 'campaign paused one domain');
    }
    if (verdict.stop) {
      await stopCampaign(campaign, verdict.stop);
      return false;
    }
    return true;
  }

  async function work(campaign: Campaign, report: TickReport): Promise<void> {
    const settled = await reconcileSending(deps.db, deps.provider, campaign.id, { now: now(), graceMs: deps.reconcileGraceMs ?? 60_000 });
    if (!(await judge(campaign))) return;
    await scheduleReminders(deps.db, campaign, now());
    const addresses = await suppressedAddresses();
    for (;;) {
      if (!(await acquireLease(deps.client, LEASE_NAME, holder, leaseMs, now().getTime()))) return;
      const batch = await sendDueBatch({ ...deps, now, batchSize: deps.batchSize }, campaign, addresses);
      report.handed += batch.handed;
      if (batch.trouble) {
        if (batch.trouble.kind === 'misconfigured' || batch.trouble.kind === 'rejected') {
          await stopCampaign(campaign, `Postmark refused the batch: ${batch.trouble.message}`);
          return;
        }
        failures++;
        report.backoffMs = Math.min(deps.maxBackoffMs ?? 10 * 60_000, 1000 * 2 ** Math.min(failures, 20));
        return;
      }
      failures = 0;
      if (batch.handed === 0 && batch.skipped === 0) break;
      if (!(await judge(campaign))) return;
    }
    const left = await deps.db
      .select({ count: sql<number>`count(*)` })
      .from(campaignRecipients)
      .where(and(eq(campaignRecipients.campaignId, campaign.id), inArray(campaignRecipients.state, ['queued', 'sending'])));
    if (Number(left[0]?.count ?? 0) > 0 || settled.waiting > 0) {
      report.idle = false;
      return;
    }
    if (await remindersPending(deps.db, campaign, now())) {
      report.idle = false;
      return;
    }
    await deps.db.update(campaigns).set({ status: 'completed', completedAt: now() }).where(and(eq(campaigns.id, campaign.id), eq(campaigns.status, 'running')));
    deps.log?.info({ campaignId: campaign.id }, 'campaign completed');
  }

  async function tick(): Promise<TickReport> {
    const report: TickReport = { leader: false, handed: 0, backoffMs: 0, idle: true };
    if (!(await acquireLease(deps.client, LEASE_NAME, holder, leaseMs, now().getTime()))) return { ...report, idle: false };
    report.leader = true;
    const running = await deps.db.select().from(campaigns).where(eq(campaigns.status, 'running'));
    if (running.length === 0) return report;
    try {
      if (now().getTime() - lastBouncePull >= (deps.bouncePullEveryMs ?? 5 * 60_000)) {
        await pullBounces(deps.db, deps.provider, { from: new Date(now().getTime() - BOUNCE_WINDOW_MS), to: now(), stream: deps.stream });
        lastBouncePull = now().getTime();
      }
      for (const campaign of running) await work(campaign, report);
    } catch (error) {
      // The provider's search or bounce list failing is an outage like any other: wait, then start again.
      failures++;
      report.backoffMs = Math.min(deps.maxBackoffMs ?? 10 * 60_000, 1000 * 2 ** Math.min(failures, 20));
      report.idle = false;
      deps.log?.warn({ err: safeError(error) }, 'campaign tick failed');
    }
    return report;
  }

  return { tick, holder, release: () => releaseLease(deps.client, LEASE_NAME, holder) };
}

/**
 * Ticks until stopped (the server) or until nothing is left to send (`campaign run --until-idle`).
 */
export function runCampaignWorker(deps: WorkerDeps, options: { intervalMs: number; untilIdle?: boolean; onTick?: (report: TickReport) => void }) {
  const worker = createCampaignWorker(deps);
  let stopped = false;
  let wake: (() => void) | null = null;
  const finished = (async () => {
    while (!stopped) {
      let report: TickReport;
      try {
        report = await worker.tick();
      } catch (error) {
        deps.log?.error({ err: safeError(error) }, 'campaign worker failed');
        report = { leader: false, handed: 0, backoffMs: options.intervalMs, idle: false };
      }
      options.onTick?.(report);
      // onTick may have stopped the worker (`campaign run --once`): no need to wait for the next round.
      if (stopped || (options.untilIdle && report.leader && report.idle)) break;
      // Straight on while there is work and no trouble; otherwise wait.
      const pause = report.backoffMs || (report.handed > 0 ? 0 : options.intervalMs);
      if (pause > 0) await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pause);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    await worker.release().catch(() => undefined);
  })();
  return {
    finished,
    async stop() {
      stopped = true;
      wake?.();
      await finished;
    },
  };
}
