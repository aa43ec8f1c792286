import { translator, type Locale } from '../../i18n/index.ts';
import { escapeHtml } from '../../text/escape-html.ts';
import { renderHtmlEmail } from './html-email.ts';

export interface CampaignPausedMailInput {
  locale: Locale;
  communityName: string;
  campaignName: string;
  campaignId: string;
  /** The breaker's words (rates and counts); never an address nor a message body. */
  reason: string;
}

/**
 * Tells an administrator that a campaign stopped itself, why, and how to look
 * before resuming. No member is named: the mail leaves through a provider.
 */
export function renderCampaignPausedMail(input: CampaignPausedMailInput): { subject: string; html: string; text: string } {
  const t = translator(input.locale);
  const names = { community: input.communityName, campaign: input.campaignName };
  const subject = t('mail.campaignPaused.subject', names).replace(/\s+/g, ' ');
  const command = `npm run passerelle -- campaign status ${input.campaignId}`;
  const lines = {
    intro: t('mail.campaignPaused.intro', names),
    reason: t('mail.campaignPaused.reason', { reason: input.reason }),
    next: t('mail.campaignPaused.next'),
    sentBy: t('mail.campaignPaused.sentBy', names),
  };
  const content = `<p style="margin:0 0 16px;">${escapeHtml(lines.intro)}</p>
<p style="margin:0 0 16px;"><strong>${escapeHtml(lines.reason)}</strong></p>
<p style="margin:0 0 16px;">${escapeHtml(lines.next)}<br><code>${escapeHtml(command)}</code></p>
<hr style="border:0;border-top:1px solid #dddddd;margin:0 0 16px;">
<p style="margin:0;color:#555555;font-size:14px;">${escapeHtml(lines.sentBy)}</p>`;
  const text = [lines.intro, '', lines.reason, '', lines.next, command, '', '-- ', lines.sentBy, ''].join('\n');
  return { subject, html: renderHtmlEmail({ locale: input.locale, title: subject, content }), text };
}
