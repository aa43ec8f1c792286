import { translator, type Locale } from '../../i18n/index.ts';
import { escapeHtml } from '../../text/escape-html.ts';
import { renderHtmlEmail } from './html-email.ts';

/** What became of the member's Mattermost account, in the words the mail uses. */
export const MATTERMOST_NOTES = ['done', 'reset-mail', 'sso', 'queued', 'queued-reset-mail', 'queued-password-set', 'direct'] as const;
export type MattermostNote = (typeof MATTERMOST_NOTES)[number];

export interface RenewalConfirmedMailInput {
  locale: Locale;
  communityName: string;
  contactEmail: string;
  /** The member's account page, from PUBLIC_URL. */
  accountUrl: string;
  mattermost: MattermostNote;
  publicUrl: string;
}

const MATTERMOST_LINES = {
  done: 'mail.renewed.mattermostDone',
  'reset-mail': 'mail.renewed.mattermostResetMail',
  sso: 'mail.renewed.mattermostSso',
  queued: 'mail.renewed.mattermostQueued',
  'queued-reset-mail': 'mail.renewed.mattermostQueuedResetMail',
  'queued-password-set': 'mail.renewed.mattermostQueuedPasswordSet',
  direct: 'mail.renewed.mattermostDirect',
} as const;

/**
 * Confirms a renewal in the member's language. It says what happened and where
 * to change one's choices; no password, no token, no community content (the
 * provider is outside Québec).
 */
export function renderRenewalConfirmedMail(input: RenewalConfirmedMailInput): { subject: string; html: string; text: string } {
  const t = translator(input.locale);
  const community = { community: input.communityName };
  const subject = t('mail.renewed.subject', community);
  const lines = {
    greeting: t('mail.renewed.greeting'),
    intro: t('mail.renewed.intro', community),
    mattermost: t(MATTERMOST_LINES[input.mattermost]),
    choices: t('mail.renewed.choices'),
    notYou: t('mail.renewed.notYou', { contact: input.contactEmail }),
    sentBy: t('mail.renewed.sentBy', community),
  };
  const accountUrl = escapeHtml(input.accountUrl);
  const publicUrl = escapeHtml(input.publicUrl);
  const content = `<p style="margin:0 0 16px;">${escapeHtml(lines.greeting)}</p>
<p style="margin:0 0 16px;">${escapeHtml(lines.intro)}</p>
<p style="margin:0 0 16px;">${escapeHtml(lines.mattermost)}</p>
<p style="margin:0 0 16px;">${escapeHtml(lines.choices)}<br><a href="${accountUrl}" style="color:#1d4ed8;word-break:break-all;">${accountUrl}</a></p>
<p style="margin:0 0 24px;">${escapeHtml(lines.notYou)}</p>
<hr style="border:0;border-top:1px solid #dddddd;margin:0 0 16px;">
<p style="margin:0;color:#555555;font-size:14px;">${escapeHtml(lines.sentBy)}<br><a href="${publicUrl}" style="color:#555555;">${publicUrl}</a></p>`;
  const text = [lines.greeting, '', lines.intro, '', lines.mattermost, '', lines.choices, input.accountUrl, '', lines.notYou, '', '-- ', lines.sentBy, input.publicUrl, ''].join('\n');
  return { subject, html: renderHtmlEmail({ locale: input.locale, title: subject, content }), text };
}
