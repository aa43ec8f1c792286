import type { SnippetPart } from '../../core/search/port.ts';
import { escapeHtml } from '../../core/text/escape-html.ts';

/**
 * A search hit's snippet as HTML. Its parts are a message's plain text, which
 * may hold anything a Slack member typed: every part is escaped, and the only
 * markup is ours, the <mark> around the words that matched.
 */
export function snippetHtml(parts: readonly SnippetPart[]): string {
  return parts.map((part) => (part.match ? `<mark>${escapeHtml(part.text)}</mark>` : escapeHtml(part.text))).join('');
}
