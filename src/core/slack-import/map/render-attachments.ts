import { linkableUrl } from '../../mrkdwn/links.ts';
import type { MentionResolver } from '../../mrkdwn/mention-resolver.ts';
import { renderMrkdwn } from '../../mrkdwn/render.ts';
import { escapeHtml } from '../../text/escape-html.ts';
import type { SlackAttachment } from '../schemas.ts';

export interface RenderedAttachments {
  html: string;
  text: string;
}

/**
 * Bot and link-preview attachments, as cards. Every text goes through the one
 * mrkdwn renderer; the card markup around it is fixed and escaped here.
 */
export function renderAttachments(attachments: readonly SlackAttachment[], resolve: MentionResolver): RenderedAttachments | undefined {
  const cards: string[] = [];
  const texts: string[] = [];
  for (const attachment of attachments) {
    const parts: string[] = [];
    const add = (source: string | null | undefined, className: string) => {
      if (!source?.trim()) return;
      const rendered = renderMrkdwn(source, resolve);
      parts.push(`<div class="${className}">${rendered.html}</div>`);
      texts.push(rendered.text);
    };
    add(attachment.pretext, 'attachment-pretext');
    if (attachment.author_name?.trim()) {
      parts.push(`<p class="attachment-author">${escapeHtml(attachment.author_name)}</p>`);
      texts.push(attachment.author_name);
    }
    if (attachment.title?.trim()) {
      // Titles carry mrkdwn too (`<url|label>` from bots and feeds): the same renderer, then its words
      // only when the title itself links, since a link cannot hold another.
      const rendered = renderMrkdwn(attachment.title, resolve);
      const href = attachment.title_link ? linkableUrl(attachment.title_link) : undefined;
      parts.push(
        `<p class="attachment-title">${href ? `<a href="${escapeHtml(href)}" rel="nofollow noopener noreferrer" class="external">${withoutTags(rendered.html)}</a>` : rendered.html}</p>`,
      );
      texts.push(rendered.text);
    }
    add(attachment.text, 'attachment-text');
    const fields = (attachment.fields ?? []).filter((field) => field.title?.trim() || field.value?.trim());
    if (fields.length > 0) {
      const items = fields.map((field) => {
        const title = renderMrkdwn(field.title ?? '', resolve);
        const value = renderMrkdwn(field.value ?? '', resolve);
        texts.push(`${title.text} ${value.text}`.trim());
        return `<dt>${title.html}</dt><dd>${value.html}</dd>`;
      });
      parts.push(`<dl class="attachment-fields">${items.join('')}</dl>`);
    }
    add(attachment.footer, 'attachment-footer');
    if (parts.length === 0) add(attachment.fallback, 'attachment-text');
    if (parts.length > 0) cards.push(`<div class="attachment">${parts.join('')}</div>`);
  }
  if (cards.length === 0) return undefined;
  return { html: cards.join(''), text: texts.join('\n') };
}

/** The renderer's HTML is escaped text inside fixed tags: without the tags, what a reader sees, still escaped. */
function withoutTags(html: string): string {
  return html.replace(/<[^>]*>/g, '');
}
