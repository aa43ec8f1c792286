import { parseBlocks } from './blocks.ts';
import { toHtml, toText } from './serialize.ts';

export { emojiFromShortcode } from './emoji.ts';

export interface MentionResolver {
  /** display name for a user id (U…/W…), undefined when unknown */
  userName(id: string): string | undefined;
  /** channel name for a channel id (C…/G…), undefined when unknown */
  channelName(id: string): string | undefined;
  /** user-group handle for S… ids, undefined when unknown */
  userGroupName(id: string): string | undefined;
  /** href for a user mention (person page), or undefined for no link */
  userHref?(id: string): string | undefined;
  /** href for a channel mention, or undefined for no link */
  channelHref?(id: string): string | undefined;
}

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
