import { translator, type Locale } from '../../i18n/index.ts';
import { escapeHtml } from '../../text/escape-html.ts';
import { renderHtmlEmail } from './html-email.ts';

export interface SignInMailInput {
  locale: Locale;
  communityName: string;
  /** Eight digits. */
  code: string;
  /** Opens a page with a button; only the button's POST signs in, so mail scanners following it do no harm. */
  link: string;
  expiresInMinutes: number;
  publicUrl: string;
}

/** Groups of four digits read and copy better: "1234 5678". The form ignores spaces. */
function groupDigits(code: string): string {
  return code.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/**
 * The sign-in message: the code, the link, what the link does, when both expire,
 * and what to do if it was not asked for. Nothing else: the message goes through
 * a provider outside Québec, so it carries no community content.
 */
export function renderSignInMail(input: SignInMailInput): { subject: string; html: string; text: string } {
  const t = translator(input.locale);
  const community = { community: input.communityName };
  const subject = t('mail.signIn.subject', community);
  const lines = {
    greeting: t('mail.signIn.greeting'),
    intro: t('mail.signIn.intro', community),
    codeUngrouped: t('mail.signIn.codeUngrouped', { code: input.code }),
    linkIntro: t('mail.signIn.linkIntro'),
    button: t('mail.signIn.button'),
    linkFallback: t('mail.signIn.linkFallback'),
    scannerNote: t('mail.signIn.scannerNote'),
    expiry: t('mail.signIn.expiry', { minutes: input.expiresInMinutes }),
    ignore: t('mail.signIn.ignore'),
    sentBy: t('mail.signIn.sentBy', community),
  };
  const link = escapeHtml(input.link);
  const publicUrl = escapeHtml(input.publicUrl);

  const content = `<p style="margin:0 0 16px;">${escapeHtml(lines.greeting)}</p>
<p style="margin:0 0 8px;">${escapeHtml(lines.intro)}</p>
<p style="margin:0;font-family:Menlo,Consolas,'Courier New',monospace;font-size:32px;font-weight:bold;letter-spacing:4px;white-space:nowrap;">${escapeHtml(groupDigits(input.code))}</p>
<p style="margin:0 0 24px;color:#555555;font-size:14px;">${escapeHtml(lines.codeUngrouped)}</p>
<p style="margin:0 0 12px;">${escapeHtml(lines.linkIntro)}</p>
<p style="margin:0 0 16px;"><a href="${link}" style="display:inline-block;padding:12px 20px;background-color:#1d4ed8;color:#ffffff;font-weight:bold;text-decoration:none;border-radius:6px;">${escapeHtml(lines.button)}</a></p>
<p style="margin:0 0 16px;font-size:14px;">${escapeHtml(lines.linkFallback)}<br><a href="${link}" style="color:#1d4ed8;word-break:break-all;">${link}</a></p>
<p style="margin:0 0 16px;">${escapeHtml(lines.scannerNote)}</p>
<p style="margin:0 0 16px;">${escapeHtml(lines.expiry)}</p>
<p style="margin:0 0 24px;">${escapeHtml(lines.ignore)}</p>
<hr style="border:0;border-top:1px solid #dddddd;margin:0 0 16px;">
<p style="margin:0;color:#555555;font-size:14px;">${escapeHtml(lines.sentBy)}<br><a href="${publicUrl}" style="color:#555555;">${publicUrl}</a></p>`;

  const text = [
    lines.greeting,
    '',
    lines.intro,
    '',
    `    ${groupDigits(input.code)}`,
    `    ${lines.codeUngrouped}`,
    '',
    lines.linkIntro,
    input.link,
    '',
    lines.scannerNote,
    '',
    lines.expiry,
    '',
    lines.ignore,
    '',
    // "-- " (with the space) is the signature separator mail programs recognise.
    '-- ',
    lines.sentBy,
    input.publicUrl,
    '',
  ].join('\n');

  return { subject, html: renderHtmlEmail({ locale: input.locale, title: subject, content }), text };
}
