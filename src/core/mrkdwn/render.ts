import { parseBlocks } from './blocks.ts';
import type { MentionResolver } from './mention-resolver.ts';
import { toHtml, toText } from './serialize.ts';

export { emojiFromShortcode } from './emoji.ts';

export interface RenderedMessage {
  /** Safe HTML fragment using only strong, em, del, code, pre, blockquote, br, a and span. */
  html: string;
  /** Plain text for the search index: entities decoded, no formatting characters. */
  text: string;
}

/** Renders the `text` of a message from a Slack export. Never throws on malformed input. */
export function renderMrkdwn(source: string, resolve: MentionResolver): RenderedMessage {
  const tree = parseBlocks(source.replace(/\r\n?/g, '\n'), resolve);
  return { html: toHtml(tree), text: toText(tree) };
}
