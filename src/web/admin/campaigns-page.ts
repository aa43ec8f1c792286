import { randomUUID } from 'node:crypto';
import type { AstroGlobal } from 'astro';
import { createCampaign, listCampaigns, type Campaign } from '../../core/campaigns/campaigns.ts';
import { campaignProgress, type StateCounts } from '../../core/campaigns/progress.ts';
import { adminCampaignPath } from '../../core/routes.ts';
import { requireAdmin } from '../auth/guards.ts';
import { emptyCampaignForm, parseCampaignForm, readCampaignForm, type CampaignFormValues, type FieldErrors } from './campaign-form.ts';
import { campaignServices } from './campaign-services.ts';

export interface CampaignsView {
  campaigns: { campaign: Campaign; counts: StateCounts }[];
  form: CampaignFormValues;
  errors: FieldErrors;
  /** Without Postmark, drafts and previews work; nothing is sent. */
  postmark: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The campaigns list and the form that creates a draft. The form carries the
 * id it was rendered with: posted twice, it leads to the draft the first post
 * made. A cross-site post never gets here (src/middleware.ts).
 */
export async function handleCampaignsPage(context: AstroGlobal): Promise<Response | CampaignsView> {
  const viewer = await requireAdmin(context);
  if (viewer instanceof Response) return viewer;
  const { runtime, locale, t } = context.locals;
  const db = runtime.database.db;
  const services = campaignServices(runtime);
  let form = emptyCampaignForm(randomUUID(), services.stream);
  let errors: FieldErrors = {};

  if (context.request.method === 'POST') {
    const posted = await context.request.formData().catch(() => new FormData());
    const { values, fileTooLarge } = await readCampaignForm(posted);
    const parsed = parseCampaignForm(values, t);
    errors = 'errors' in parsed ? parsed.errors : {};
    if (fileTooLarge) errors.csv = t('admin.campaigns.error.csvTooLarge');
    if (!UUID.test(values.formId)) errors.name ??= t('admin.campaigns.error.staleForm');
    if ('campaign' in parsed && Object.keys(errors).length === 0) {
      const created = await createCampaign(db, { memberId: viewer.member.id }, parsed.campaign, new Date(), { id: values.formId });
      return context.redirect(adminCampaignPath(locale, created.id), 303);
    }
    form = { ...values, formId: UUID.test(values.formId) ? values.formId : form.formId };
    context.response.status = 400;
  }

  const campaigns = await listCampaigns(db);
  return {
    campaigns: await Promise.all(campaigns.map(async (campaign) => ({ campaign, counts: (await campaignProgress(db, campaign.id)).total }))),
    form,
    errors,
    postmark: services.provider !== null,
  };
}
