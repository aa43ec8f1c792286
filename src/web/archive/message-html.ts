import { escapeHtml } from '../../core/text/escape-html.ts';

/**
 * Stored message HTML comes from the one Slack text renderer, whose `<pre>` is
 * always bare (text inside is escaped, so a literal `<pre>` can only be its own).
 * A code block that scrolls sideways must be reachable by keyboard: it becomes
 * a focusable, labelled region in the reader's language.
 */
export function withReachableCode(html: string, label: string): string {
  return html.replaceAll('<pre>', `<pre tabindex="0" role="region" aria-label="${escapeHtml(label)}">`);
}
