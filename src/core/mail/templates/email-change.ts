import { translator, type Locale } from '../../i18n/index.ts';
import { escapeHtml } from '../../text/escape-html.ts';
import { renderHtmlEmail } from './html-email.ts';

/** To the new address: the link that confirms it. No community content, nothing but the link. */
export function renderEmailChangeConfirmMail(input: { locale: Locale; communityName: string; link: string; validMinutes: number }) {
  const t = translator(input.locale);
  const subject = t('mail.emailChange.subject', { community: input.communityName });
  const intro = t('mail.emailChange.intro', { community: input.communityName });
  const validity = t('mail.emailChange.validity', { minutes: input.validMinutes });
  const ignore = t('mail.emailChange.ignore');
  const text = `${intro}\n\n${input.link}\n\n${validity}\n${ignore}\n`;
  const html = renderHtmlEmail({
    locale: input.locale,
    title: subject,
    content: `<p>${escapeHtml(intro)}</p><p><a href="${escapeHtml(input.link)}">${escapeHtml(t('mail.emailChange.button'))}</a></p><p>${escapeHtml(validity)}</p><p>${escapeHtml(ignore)}</p>`,
  });
  return { subject, text, html };
}

/** To the old address, once the change is made: so a change the member did not make is noticed. */
export function renderEmailChangedNoticeMail(input: { locale: Locale; communityName: string; newEmail: string; contactEmail: string }) {
  const t = translator(input.locale);
  const subject = t('mail.emailChanged.subject', { community: input.communityName });
  const body = t('mail.emailChanged.body', { email: input.newEmail });
  const help = t('mail.emailChanged.help', { contact: input.contactEmail });
  return {
    subject,
    text: `${body}\n\n${help}\n`,
    html: renderHtmlEmail({ locale: input.locale, title: subject, content: `<p>${escapeHtml(body)}</p><p>${escapeHtml(help)}</p>` }),
  };
}
