import { formatDate, translator, type Locale } from '../../i18n/index.ts';
import { escapeHtml } from '../../text/escape-html.ts';
import { renderHtmlEmail } from './html-email.ts';

/** What was done for the member: their access renewed, or (not renewed yet) how to do it themselves. */
export type RescueNoticeKind = 'renewed' | 'not-renewed';

export interface RescueNoticeInput {
  locale: Locale;
  kind: RescueNoticeKind;
  communityName: string;
  contactEmail: string;
  /** The sign-in page and the account page, from PUBLIC_URL. */
  signInUrl: string;
  accountUrl: string;
  publicUrl: string;
  /** When it was done, in the community's time zone. */
  at: Date;
  timeZone: string;
}

/**
 * A short notice for a member our mail did not reach, in their language: what
 * an administrator did, that their choices stay at the most private settings,
 * and how to change that. Mailed to another address or printed: it never holds
 * a link that signs anyone in, nor any community content.
 */
export function renderRescueNotice(input: RescueNoticeInput): { subject: string; html: string; text: string; lines: string[] } {
  const t = translator(input.locale);
  const community = { community: input.communityName };
  const date = formatDate(input.at, input.locale, input.timeZone, { dateStyle: 'long' });
  const subject = t('mail.rescue.subject', community);
  const lines =
    input.kind === 'renewed'
      ? [t('mail.rescue.greeting'), t('mail.rescue.renewed', { ...community, date }), t('mail.rescue.defaults'), t('mail.rescue.change', { url: input.accountUrl }), t('mail.rescue.mattermost')]
      : [t('mail.rescue.greeting'), t('mail.rescue.notRenewed', { ...community, date }), t('mail.rescue.renewYourself', { url: input.signInUrl })];
  lines.push(t('mail.rescue.contact', { contact: input.contactEmail }));
  const sentBy = t('mail.rescue.sentBy', community);
  const content = `${lines.map((line) => `<p style="margin:0 0 16px;">${escapeHtml(line)}</p>`).join('\n')}
<hr style="border:0;border-top:1px solid #dddddd;margin:0 0 16px;">
<p style="margin:0;color:#555555;font-size:14px;">${escapeHtml(sentBy)}<br>${escapeHtml(input.publicUrl)}</p>`;
  const text = [...lines.flatMap((line) => [line, '']), '-- ', sentBy, input.publicUrl, ''].join('\n');
  return { subject, html: renderHtmlEmail({ locale: input.locale, title: subject, content }), text, lines: [...lines, sentBy] };
}
