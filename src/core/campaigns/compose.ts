import { translator, type Locale } from '../i18n/index.ts';
import { renderHtmlEmail } from '../mail/templates/html-email.ts';
import { escapeHtml } from '../text/escape-html.ts';
import { renderMarkdownHtml, renderMarkdownText } from './markdown.ts';

/** Where Postmark puts the unsubscribe link every broadcast must carry (HTML and text parts). */
export const UNSUBSCRIBE_PLACEHOLDER = '{{{ pm:unsubscribe }}}';

export const NAME_PLACEHOLDER = '{{name}}';
export const LINK_PLACEHOLDER = '{{link}}';

export interface CampaignTemplate {
  subject: string;
  /** Markdown with {{name}} and {{link}}. */
  body: string;
}

export interface TemplateProblem {
  code: 'subject-empty' | 'subject-holds-link' | 'body-without-link';
  field: 'subject' | 'body';
  message: string;
}

/** Why a template cannot go out: the link is the point of the message. */
export function templateProblems(template: CampaignTemplate): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  if (template.subject.trim() === '') problems.push({ code: 'subject-empty', field: 'subject', message: 'the subject is empty' });
  if (template.subject.includes(LINK_PLACEHOLDER)) problems.push({ code: 'subject-holds-link', field: 'subject', message: 'the subject may not hold the link' });
  if (!template.body.includes(LINK_PLACEHOLDER)) problems.push({ code: 'body-without-link', field: 'body', message: `the body must hold ${LINK_PLACEHOLDER}, where the member's renewal link goes` });
  return problems;
}

// Characters no administrator types: they hold the place of values until the Markdown is rendered.
const NAME_MARK = '\u0001name\u0001';
const LINK_MARK = '\u0001link\u0001';

/**
 * One member's message. Values are put in after the Markdown is rendered and
 * escaped with it, so a name can never become markup. The body holds a live
 * renewal link: callers never store it.
 */
export function composeCampaignMail(input: CampaignMailInput): { subject: string; html: string; text: string } {
  const parts = composeCampaignParts(input);
  return { subject: parts.subject, html: renderHtmlEmail({ locale: input.locale, title: parts.subject, content: parts.content }), text: parts.text };
}

export interface CampaignMailInput {
  template: CampaignTemplate;
  locale: Locale;
  name: string | null;
  link: string;
  communityName: string;
}

/** The message before its HTML document: `content` is safe HTML, what a preview shows inside a page. */
export function composeCampaignParts(input: CampaignMailInput): { subject: string; content: string; text: string } {
  const t = translator(input.locale);
  const name = input.name?.trim() || t('mail.campaign.nameless');
  const source = input.template.body.replaceAll(NAME_PLACEHOLDER, NAME_MARK).replaceAll(LINK_PLACEHOLDER, LINK_MARK);
  const safeLink = escapeHtml(input.link);
  const html = renderMarkdownHtml(source, LINK_MARK)
    .replaceAll(`href="${LINK_MARK}"`, `href="${safeLink}"`)
    .replaceAll(LINK_MARK, `<a href="${safeLink}">${safeLink}</a>`)
    .replaceAll(NAME_MARK, escapeHtml(name));
  const text = renderMarkdownText(source, LINK_MARK).replaceAll(LINK_MARK, input.link).replaceAll(NAME_MARK, name);
  const footer = t('mail.campaign.unsubscribe', { community: input.communityName });
  const unsubscribe = t('mail.campaign.unsubscribeLink');
  const subject = input.template.subject.replaceAll(NAME_PLACEHOLDER, name).replace(/\s+/g, ' ').trim();
  return {
    subject,
    content: `${html}\n<p style="margin-top:32px;color:#555555;font-size:14px;">${escapeHtml(footer)} <a href="${UNSUBSCRIBE_PLACEHOLDER}" style="color:#555555;">${escapeHtml(unsubscribe)}</a></p>`,
    text: `${text}\n\n--\n${footer} ${unsubscribe}: ${UNSUBSCRIBE_PLACEHOLDER}\n`,
  };
}
