import type { AstroGlobal } from 'astro';
import { CampaignError, getCampaign, pauseCampaign, resumeCampaign, resumeDomain, startCampaign, type CampaignErrorCode } from '../../core/campaigns/campaigns.ts';
import { campaignOverview, organisationsWithin, type CampaignOverview } from '../../core/campaigns/overview.ts';
import { previewCampaignParts } from '../../core/campaigns/preview.ts';
import { sendCampaignTest } from '../../core/campaigns/test-send.ts';
import { LOCALES, type Locale, type MessageKey } from '../../core/i18n/index.ts';
import { adminCampaignPath } from '../../core/routes.ts';
import { readForm, requireAdmin } from '../auth/guards.ts';
import { campaignServices } from './campaign-services.ts';

/** How long a draft's schedule may wait for DNS before unanswered domains stand alone. */
const ORGANISATION_BUDGET_MS = 3000;
const MAX_REASON = 500;

export const CAMPAIGN_NOTICES = ['test-sent', 'test-held', 'test-failed', 'started', 'paused', 'resumed', 'domain-resumed'] as const;
export type CampaignNotice = (typeof CAMPAIGN_NOTICES)[number];

export interface CampaignView extends CampaignOverview {
  previews: Record<Locale, { subject: string; content: string; text: string }>;
  /** Campaigns are sent through Postmark only; without it a draft cannot start. */
  postmark: boolean;
  error: string | null;
  fieldErrors: { reason?: string; overrideReason?: string; domainReason?: string };
  notice: CampaignNotice | null;
  /** Domains whose receiving organisation did not answer in time: the draft's schedule treats each alone. */
  unknownOrganisations: number;
  viewerEmail: string;
}

const ERROR_MESSAGES: Record<CampaignErrorCode, MessageKey> = {
  'not-found': 'admin.campaigns.error.changed',
  'not-draft': 'admin.campaigns.error.changed',
  'not-running': 'admin.campaigns.error.changed',
  'not-paused': 'admin.campaigns.error.changed',
  'domain-not-paused': 'admin.campaigns.error.changed',
  deliverability: 'admin.campaigns.error.deliverability',
  nobody: 'admin.campaigns.error.nobody',
  invalid: 'admin.campaigns.error.changed',
};

const reasonOf = (value: string | undefined) => value?.trim().slice(0, MAX_REASON) ?? '';

/**
 * One campaign: previews, test send, schedule, progress, and the decisions
 * (start, pause, resume, resume a domain). Each decision's form says which
 * state it was made on (the status, the pause it answers): a stale form
 * changes nothing and says the campaign changed meanwhile.
 */
export async function handleCampaignPage(context: AstroGlobal): Promise<Response | CampaignView> {
  const viewer = await requireAdmin(context);
  if (viewer instanceof Response) return viewer;
  const { runtime, locale, t } = context.locals;
  const db = runtime.database.db;
  const services = campaignServices(runtime);
  const actor = { memberId: viewer.member.id };
  const found = await getCampaign(db, context.params.id ?? '');
  if (!found) return context.rewrite('/404');
  const here = adminCampaignPath(locale, found.id);
  let error: string | null = null;
  const fieldErrors: CampaignView['fieldErrors'] = {};

  if (context.request.method === 'POST') {
    const form = await readForm(context.request);
    const done = (notice: CampaignNotice) => context.redirect(`${here}?done=${notice}`, 303);
    try {
      if (form.status !== undefined && form.status !== found.status) throw new CampaignError('stale form', 'invalid');
      switch (form.intent) {
        case 'test-send': {
          const results = await sendCampaignTest(runtime.mail, actor, found, { memberId: viewer.member.id, email: viewer.member.email, name: viewer.member.name }, runtime.config);
          const statuses = LOCALES.map((entry) => results[entry].status);
          return done(statuses.includes('failed') ? 'test-failed' : statuses.includes('held') ? 'test-held' : 'test-sent');
        }
        case 'start': {
          if (!services.provider) {
            error = t('admin.campaigns.needsPostmark');
            break;
          }
          const override = form.override === 'on' ? reasonOf(form.overrideReason) : '';
          if (form.override === 'on' && override === '') {
            fieldErrors.overrideReason = t('admin.campaigns.error.overrideReason');
            break;
          }
          await startCampaign({ db, verdict: services.verdict, organisationOf: services.organisationOf }, actor, found.id, { override: override || undefined });
          return done('started');
        }
        case 'pause': {
          const reason = reasonOf(form.reason);
          if (!reason) {
            fieldErrors.reason = t('admin.campaigns.error.reason');
            break;
          }
          if (!(await pauseCampaign(db, actor, found.id, reason))) throw new CampaignError('not running', 'not-running');
          return done('paused');
        }
        case 'resume': {
          const reason = reasonOf(form.reason);
          const pausedAt = Number(form.pausedAt);
          if (!reason) {
            fieldErrors.reason = t('admin.campaigns.error.reason');
            break;
          }
          if (!Number.isFinite(pausedAt)) throw new CampaignError('stale form', 'invalid');
          await resumeCampaign(db, actor, found.id, new Date(), { reason, pausedAt: new Date(pausedAt) });
          return done('resumed');
        }
        case 'resume-domain': {
          const reason = reasonOf(form.reason);
          if (!reason) {
            fieldErrors.domainReason = t('admin.campaigns.error.reason');
            break;
          }
          await resumeDomain(db, actor, found.id, form.domain ?? '', new Date(), { reason });
          return done('domain-resumed');
        }
        default:
          throw new CampaignError('unknown intent', 'invalid');
      }
    } catch (problem) {
      if (!(problem instanceof CampaignError)) throw problem;
      error = t(ERROR_MESSAGES[problem.code]);
    }
    context.response.status = error && !Object.keys(fieldErrors).length ? 409 : 400;
  }

  const campaign = (await getCampaign(db, found.id))!;
  const bounded = organisationsWithin(services.organisationOf, ORGANISATION_BUDGET_MS);
  const overview = await campaignOverview({ db, verdict: services.verdict, organisationOf: bounded.organisationOf }, campaign);
  const done = context.url.searchParams.get('done');
  return {
    ...overview,
    previews: { fr: previewCampaignParts(campaign, 'fr', runtime.config), en: previewCampaignParts(campaign, 'en', runtime.config) },
    postmark: services.provider !== null,
    error,
    fieldErrors,
    notice: context.request.method === 'GET' && (CAMPAIGN_NOTICES as readonly string[]).includes(done ?? '') ? (done as CampaignNotice) : null,
    unknownOrganisations: bounded.unknown.size,
    viewerEmail: viewer.member.email,
  };
}
