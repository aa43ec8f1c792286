import { randomUUID } from 'node:crypto';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit, type Actor } from '../accounts/audit.ts';
import type { Db } from '../db/client.ts';
import { campaignDomainPauses, campaignRecipients, campaigns } from '../db/schema/campaigns.ts';
import { acceptedFirst, audienceSchema, domainsThatAccepted, selectAudience, selectAudienceDomains, type Audience, type AudienceMember } from './audience.ts';
import { templateProblems } from './compose.ts';
import { queuedRows } from './queued-rows.ts';
import type { OrganisationOf, VerdictSource } from './seams.ts';
import { DEFAULT_PLAN, planWaves, scheduleOf, type Placed, type ScheduleDay, type WarmUpPlan } from './warm-up-plan.ts';

export type Campaign = typeof campaigns.$inferSelect;

/** Why a campaign refused: pages say it in the reader's language, the command line prints the message. */
export type CampaignErrorCode = 'not-found' | 'not-draft' | 'not-running' | 'not-paused' | 'deliverability' | 'nobody' | 'domain-not-paused' | 'invalid';

export class CampaignError extends Error {
  readonly code: CampaignErrorCode;
  constructor(message: string, code: CampaignErrorCode = 'invalid') {
    super(message);
    this.name = 'CampaignError';
    this.code = code;
  }
}

export const newCampaignSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    stream: z.string().trim().regex(/^[a-z0-9-]{1,100}$/, { error: 'must be a Postmark message stream id' }).default('broadcast'),
    audience: audienceSchema.default({}),
    subjectFr: z.string().trim().min(1).max(300),
    subjectEn: z.string().trim().min(1).max(300),
    bodyFr: z.string().min(1).max(20_000),
    bodyEn: z.string().min(1).max(20_000),
    firstWave: z.coerce.number().int().min(1).max(10_000).default(DEFAULT_PLAN.firstWave),
    growth: z.coerce.number().min(1).max(10).default(DEFAULT_PLAN.growth),
    dailyCap: z.coerce.number().int().min(1).max(1_000_000).default(DEFAULT_PLAN.dailyCap),
    organisationHourlyCap: z.coerce.number().int().min(1).max(100_000).default(DEFAULT_PLAN.organisationHourlyCap),
    reminderAfterDays: z.coerce.number().int().min(1).max(90).nullable().default(7),
  })
  .superRefine((value, context) => {
    for (const locale of ['Fr', 'En'] as const) {
      for (const problem of templateProblems({ subject: value[`subject${locale}`], body: value[`body${locale}`] })) {
        context.addIssue({ code: 'custom', path: [problem.field === 'subject' ? `subject${locale}` : `body${locale}`], message: `${locale === 'Fr' ? 'French' : 'English'}: ${problem.message}`, params: { problem: problem.code } });
      }
    }
  });
export type NewCampaign = z.input<typeof newCampaignSchema>;

export function planOf(campaign: Campaign): WarmUpPlan {
  return { firstWave: campaign.firstWave, growth: campaign.growth, dailyCap: campaign.dailyCap, organisationHourlyCap: campaign.organisationHourlyCap };
}

export function audienceOf(campaign: Campaign): Audience {
  return audienceSchema.parse(JSON.parse(campaign.audience));
}

/**
 * Creates a draft. A form may name the id it was rendered with: sent twice
 * (a reload, a double click), it finds the draft it made the first time and
 * makes no second one.
 */
export async function createCampaign(db: Db, actor: Actor, input: NewCampaign, now = new Date(), options: { id?: string } = {}): Promise<Campaign> {
  const { audience, ...values } = newCampaignSchema.parse(input);
  const id = options.id ?? randomUUID();
  const [campaign] = await db
    .insert(campaigns)
    .values({ id, ...values, audience: JSON.stringify(audience), status: 'draft', createdBy: typeof actor === 'string' ? actor : actor.memberId, createdAt: now })
    .onConflictDoNothing()
    .returning();
  if (!campaign) return requireCampaign(db, id);
  await recordAudit(db, actor, 'campaign.created', null, { campaignId: campaign.id, name: campaign.name }, now);
  return campaign;
}

export async function getCampaign(db: Db, id: string): Promise<Campaign | undefined> {
  const [campaign] = await db.select().from(campaigns).where(eq(campaigns.id, id)).limit(1);
  return campaign;
}

export async function requireCampaign(db: Db, id: string): Promise<Campaign> {
  const campaign = await getCampaign(db, id);
  if (!campaign) throw new CampaignError(`no campaign with the id ${id}`, 'not-found');
  return campaign;
}

export async function listCampaigns(db: Db): Promise<Campaign[]> {
  return db.select().from(campaigns).orderBy(desc(campaigns.createdAt));
}

type Recipient = AudienceMember & { organisation: string };

/** Each domain's receiving organisation, asked once per domain. */
async function organisationsOf(domains: Iterable<string>, organisationOf: OrganisationOf): Promise<Map<string, string>> {
  const organisations = new Map<string, string>();
  for (const domain of new Set(domains)) organisations.set(domain, await organisationOf(domain));
  return organisations;
}

/** The audience, most engaged first, each with the organisation that receives its mail. */
async function orderedRecipients(db: Db, campaign: Campaign, organisationOf: OrganisationOf): Promise<Recipient[]> {
  const audience = await selectAudience(db, audienceOf(campaign));
  const organisations = await organisationsOf(audience.map((member) => member.domain), organisationOf);
  return acceptedFirst(
    audience.map((member) => ({ ...member, organisation: organisations.get(member.domain)! })),
    await domainsThatAccepted(db),
    (member) => member.domain,
  );
}

/** The plan a start would make now: shown before starting. */
export async function previewPlan(db: Db, campaign: Campaign, organisationOf: OrganisationOf, now = new Date()): Promise<Placed<Recipient>[]> {
  return planWaves(await orderedRecipients(db, campaign, organisationOf), planOf(campaign), now);
}

/**
 * The schedule a start would make now, as the draft's page shows it: the same
 * audience, order and plan as `previewPlan`, read as domains alone and summed
 * per day, so the page plans afresh at every reading (nothing to go stale) and
 * still answers quickly at 20,000 members.
 */
export async function previewSchedule(db: Db, campaign: Campaign, organisationOf: OrganisationOf, now = new Date()): Promise<{ days: ScheduleDay[]; lastAt: Date | null; count: number }> {
  const [domains, accepted] = await Promise.all([selectAudienceDomains(db, audienceOf(campaign)), domainsThatAccepted(db)]);
  const organisations = await organisationsOf(domains, organisationOf);
  const ordered = acceptedFirst(domains, accepted, (domain) => domain);
  return scheduleOf(ordered.map((domain) => organisations.get(domain)!), planOf(campaign), now);
}

export interface StartDeps {
  db: Db;
  verdict: VerdictSource;
  organisationOf: OrganisationOf;
  now?: () => Date;
}

/**
 * Starts a draft: refuses while the deliverability check fails unless the
 * administrator overrides it with a reason (audited), then writes the whole
 * plan, one row per recipient, before anything is sent.
 */
export async function startCampaign(deps: StartDeps, actor: Actor, id: string, options: { override?: string } = {}): Promise<{ recipients: number }> {
  const now = deps.now?.() ?? new Date();
  const campaign = await requireCampaign(deps.db, id);
  if (campaign.status !== 'draft') throw new CampaignError(`the campaign is ${campaign.status}, not a draft`, 'not-draft');
  const verdict = await deps.verdict();
  const failing = verdict === null ? ['no deliverability check has run yet'] : verdict.passed ? [] : verdict.failing;
  const override = options.override?.trim();
  if (failing.length > 0 && !override) throw new CampaignError(`the deliverability check fails (${failing.join(', ')}): fix it, or override with a reason`, 'deliverability');
  const placed = await previewPlan(deps.db, campaign, deps.organisationOf, now);
  if (placed.length === 0) throw new CampaignError('nobody to invite: every member of this audience has renewed, is disabled, or is not a member', 'nobody');
  const rows = queuedRows(campaign.id, 'invite', placed, now);
  const statements = [];
  for (let start = 0; start < rows.length; start += 1000) statements.push(deps.db.insert(campaignRecipients).values(rows.slice(start, start + 1000)).onConflictDoNothing());
  const started = deps.db
    .update(campaigns)
    .set({ status: 'running', startedAt: now, breakerSince: now, deliverabilityOverride: failing.length > 0 ? override! : null })
    .where(and(eq(campaigns.id, campaign.id), eq(campaigns.status, 'draft')));
  // One transaction: a campaign is running with its whole plan, or still a draft.
  await deps.db.batch([started, ...statements]);
  if (failing.length > 0) await recordAudit(deps.db, actor, 'campaign.deliverability-overridden', null, { campaignId: campaign.id, failing, reason: override }, now);
  await recordAudit(deps.db, actor, 'campaign.started', null, { campaignId: campaign.id, recipients: rows.length }, now);
  return { recipients: rows.length };
}

export async function pauseCampaign(db: Db, actor: Actor, id: string, reason: string, now = new Date()): Promise<boolean> {
  const paused = await db
    .update(campaigns)
    .set({ status: 'paused', pausedReason: reason, pausedAt: now })
    .where(and(eq(campaigns.id, id), eq(campaigns.status, 'running')))
    .returning({ id: campaigns.id });
  if (paused.length === 0) return false;
  await recordAudit(db, actor, 'campaign.paused', null, { campaignId: id, reason }, now);
  return true;
}

/**
 * Resuming is a decision: audited, and the breaker judges only what is sent
 * from now on. The rest of the plan moves by the length of the pause, so the
 * warm-up goes on at the pace it had instead of sending a backlog at once.
 */
export async function resumeCampaign(db: Db, actor: Actor, id: string, now = new Date(), options: { reason?: string; pausedAt?: Date } = {}): Promise<void> {
  const campaign = await requireCampaign(db, id);
  if (campaign.status !== 'paused') throw new CampaignError(`the campaign is ${campaign.status}, not paused`, 'not-paused');
  // The administrator decided on the pause they saw: a later one (another reason) waits for its own decision.
  if (options.pausedAt && campaign.pausedAt?.getTime() !== options.pausedAt.getTime()) throw new CampaignError('the campaign paused again since this decision was made', 'not-paused');
  const shift = Math.max(0, now.getTime() - (campaign.pausedAt?.getTime() ?? now.getTime()));
  await db.batch([
    db
      .update(campaignRecipients)
      .set({ scheduledAt: sql`${campaignRecipients.scheduledAt} + ${shift}` })
      .where(and(eq(campaignRecipients.campaignId, id), eq(campaignRecipients.state, 'queued'), sql`${campaignRecipients.scheduledAt} > ${campaign.pausedAt?.getTime() ?? 0}`)),
    db.update(campaigns).set({ status: 'running', pausedReason: null, pausedAt: null, breakerSince: now }).where(eq(campaigns.id, id)),
  ]);
  await recordAudit(db, actor, 'campaign.resumed', null, { campaignId: id, pausedReason: campaign.pausedReason, shiftedMs: shift, ...(options.reason ? { reason: options.reason } : {}) }, now);
}

export async function pausedDomains(db: Db, campaignId: string): Promise<{ domain: string; reason: string; at: Date }[]> {
  return db
    .select({ domain: campaignDomainPauses.domain, reason: campaignDomainPauses.reason, at: campaignDomainPauses.at })
    .from(campaignDomainPauses)
    .where(and(eq(campaignDomainPauses.campaignId, campaignId), isNull(campaignDomainPauses.resumedAt)));
}

export async function resumeDomain(db: Db, actor: Actor, campaignId: string, domain: string, now = new Date(), options: { reason?: string } = {}): Promise<void> {
  const resumed = await db
    .update(campaignDomainPauses)
    .set({ resumedAt: now })
    .where(and(eq(campaignDomainPauses.campaignId, campaignId), eq(campaignDomainPauses.domain, domain.toLowerCase()), isNull(campaignDomainPauses.resumedAt)))
    .returning({ domain: campaignDomainPauses.domain });
  if (resumed.length === 0) throw new CampaignError(`${domain} is not paused in this campaign`, 'domain-not-paused');
  await recordAudit(db, actor, 'campaign.domain-resumed', null, { campaignId, domain, ...(options.reason ? { reason: options.reason } : {}) }, now);
}
