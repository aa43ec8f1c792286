import { recordAudit, type Actor } from '../accounts/audit.ts';
import { LOCALES, type Locale } from '../i18n/index.ts';
import { sendMail, type SendMailDeps } from '../mail/send-mail.ts';
import type { DeliveryResult } from '../mail/port.ts';
import type { Campaign } from './campaigns.ts';
import { previewCampaignMail, type PreviewSite } from './preview.ts';

export interface TestRecipient {
  memberId: string;
  email: string;
  name: string | null;
}

/**
 * Both languages of a campaign to one administrator, through the ordinary
 * transactional path (Postmark's transactional stream, or the outbox): what
 * they receive is what members will, but with the example link, so a
 * forwarded test never hands anyone a live renewal.
 */
export async function sendCampaignTest(mail: SendMailDeps, actor: Actor, campaign: Campaign, to: TestRecipient, site: PreviewSite): Promise<Record<Locale, DeliveryResult>> {
  const results = {} as Record<Locale, DeliveryResult>;
  for (const locale of LOCALES) {
    const content = previewCampaignMail(campaign, locale, site, to.name);
    results[locale] = await sendMail(mail, {
      to: to.email,
      memberId: to.memberId,
      template: 'campaign-test',
      locale,
      stream: 'outbound',
      ...content,
      tag: 'campaign-test',
      carriesSecret: false,
    });
  }
  await recordAudit(mail.db, actor, 'campaign.test-sent', to.memberId, { campaignId: campaign.id, results: Object.fromEntries(LOCALES.map((locale) => [locale, results[locale].status])) });
  return results;
}
