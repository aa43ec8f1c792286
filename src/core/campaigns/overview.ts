import type { Db } from '../db/client.ts';
import { audienceOf, pausedDomains, previewSchedule, type Campaign } from './campaigns.ts';
import type { Audience } from './audience.ts';
import { campaignProgress, type CampaignProgress } from './progress.ts';
import type { DeliverabilityVerdict, OrganisationOf, VerdictSource } from './seams.ts';
import type { ScheduleDay } from './warm-up-plan.ts';

export interface CampaignSchedule {
  /** A draft shows the plan a start would make now; a started campaign, its recipients' planned times. */
  source: 'preview' | 'recipients';
  days: ScheduleDay[];
  /** The day the last member is invited. */
  lastAt: Date | null;
  reminders: { count: number; firstAt: Date | null; lastAt: Date | null } | null;
  recipients: number;
}

export interface CampaignOverview {
  campaign: Campaign;
  audience: Audience;
  progress: CampaignProgress;
  schedule: CampaignSchedule;
  pausedDomains: { domain: string; reason: string; at: Date }[];
  verdict: DeliverabilityVerdict;
}

export interface OverviewDeps {
  db: Db;
  verdict: VerdictSource;
  organisationOf: OrganisationOf;
}

/**
 * Everything the campaign page shows, read in one place (the page's server
 * time is this function's: `bench:campaign` times it at 20,000 recipients).
 * A started campaign reads its own rows, grouped; only a draft plans.
 */
export async function campaignOverview(deps: OverviewDeps, campaign: Campaign, now = new Date()): Promise<CampaignOverview> {
  const [progress, paused, verdict] = await Promise.all([campaignProgress(deps.db, campaign.id), pausedDomains(deps.db, campaign.id), deps.verdict()]);
  return { campaign, audience: audienceOf(campaign), progress, schedule: await scheduleOf(deps, campaign, progress, now), pausedDomains: paused, verdict };
}

async function scheduleOf(deps: OverviewDeps, campaign: Campaign, progress: CampaignProgress, now: Date): Promise<CampaignSchedule> {
  if (campaign.status === 'draft') {
    const { days, lastAt, count } = await previewSchedule(deps.db, campaign, deps.organisationOf, now);
    return { source: 'preview', days, lastAt, reminders: null, recipients: count };
  }
  const days = progress.waves.filter((wave) => wave.firstAt && wave.lastAt).map((wave) => ({ wave: wave.wave, at: wave.firstAt!, lastAt: wave.lastAt!, count: wave.total }));
  const lastAt = days.reduce<Date | null>((latest, day) => (latest === null || day.lastAt > latest ? day.lastAt : latest), null);
  const { reminders } = progress;
  return {
    source: 'recipients',
    days,
    lastAt,
    reminders: reminders.total > 0 ? { count: reminders.total, firstAt: reminders.firstAt, lastAt: reminders.lastAt } : null,
    recipients: progress.total.total - reminders.total,
  };
}

/**
 * An `OrganisationOf` that gives up after a time budget: a page must answer
 * even when DNS is slow. A domain whose look-up has not answered stands alone
 * (as a failed look-up does); the resolver's cache keeps the answer for the
 * next reading. `unknown` lists the domains it gave up on.
 */
export function organisationsWithin(organisationOf: OrganisationOf, budgetMs: number): { organisationOf: OrganisationOf; unknown: Set<string> } {
  const deadline = Date.now() + budgetMs;
  const unknown = new Set<string>();
  return {
    unknown,
    organisationOf: async (domain) => {
      const left = deadline - Date.now();
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), Math.max(0, left));
      });
      try {
        const found = await Promise.race([organisationOf(domain).catch(() => domain), late]);
        if (found === null) unknown.add(domain);
        return found ?? domain;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
