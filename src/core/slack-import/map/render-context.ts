import { createHash } from 'node:crypto';
import type { MentionResolver } from '../../mrkdwn/mention-resolver.ts';
import { neutralLinks } from '../../routes.ts';
import type { Conversation } from '../layout/layout.ts';
import type { SlackUser } from '../schemas.ts';

/** Bumped when rendering changes, so the next import re-renders every message. */
export const RENDERER_VERSION = '2';

export interface RenderContext {
  resolver: MentionResolver;
  /** Changes whenever a rendered message could change: names, channels, renderer. */
  fingerprint: string;
}

/** The name Slack shows for a person: display name first, then real name, then handle. */
export function slackDisplayName(user: SlackUser): string {
  return user.profile?.display_name?.trim() || user.profile?.real_name?.trim() || user.real_name?.trim() || user.name?.trim() || user.id;
}

export function buildRenderContext(users: SlackUser[], conversations: Pick<Conversation, 'id' | 'kind' | 'name'>[]): RenderContext {
  const names = new Map(users.map((user) => [user.id, slackDisplayName(user)]));
  const channelNames = new Map(conversations.filter((c) => c.kind === 'public' || c.kind === 'private').map((c) => [c.id, c.name]));
  const hash = createHash('sha1').update(RENDERER_VERSION);
  for (const [id, name] of [...names].sort()) hash.update(`u${id}\0${name}\0`);
  for (const [id, name] of [...channelNames].sort()) hash.update(`c${id}\0${name}\0`);
  return {
    fingerprint: hash.digest('hex'),
    resolver: {
      userName: (id) => names.get(id),
      channelName: (id) => channelNames.get(id),
      userGroupName: () => undefined,
      // Site-relative and language-neutral: the archive redirects to the reader's language.
      userHref: (id) => neutralLinks.person(id),
      channelHref: (id) => (channelNames.has(id) ? neutralLinks.channel(id) : undefined),
    },
  };
}
