import type { MentionResolver } from '../mrkdwn/mention-resolver.ts';
import { renderMrkdwn, type RenderedMessage } from '../mrkdwn/render.ts';
import { neutralLinks } from '../routes.ts';

/**
 * Topics and purposes are kept as Slack wrote them: mrkdwn, with `&`, `<` and `>`
 * escaped. They go through the one Slack text renderer, which decodes those once
 * and turns `<https://…>` into links; printing the stored value as text would
 * show `&gt;` (escaped twice) and unbreakable raw links.
 */
export function renderChannelText(source: string, names: ReadonlyMap<string, string> = new Map()): RenderedMessage {
  const resolver: MentionResolver = {
    userName: (id) => names.get(id),
    channelName: () => undefined,
    userGroupName: () => undefined,
    userHref: (id) => (names.has(id) ? neutralLinks.person(id) : undefined),
  };
  return renderMrkdwn(source, resolver);
}

/** The words of a topic, purpose or name as a reader sees them: for titles, filters and attributes. */
export function channelPlainText(source: string | null): string {
  return source ? renderChannelText(source).text : '';
}
