import { createHash } from 'node:crypto';
import type { MentionResolver } from '../../mrkdwn/mention-resolver.ts';
import { neutralLinks } from '../../routes.ts';
import type { ChannelKind } from '../../db/schema/archive.ts';
import { NameLookup, nameTableOf, type NameTable } from '../layout/name-table.ts';
import type { SlackUser } from '../schemas.ts';

/** Bumped when rendering changes, so the next import re-renders every message. */
export const RENDERER_VERSION = '2';

export interface RenderContext {
  resolver: MentionResolver;
  /** Changes whenever a rendered message could change: names, channels, renderer. */
  fingerprint: string;
}

/** The names a message can mention: people by the name Slack shows, public and private channels by name. */
export interface RenderNames {
  people: NameTable;
  channels: NameTable;
}

/** The name Slack shows for a person: display name first, then real name, then handle. */
export function slackDisplayName(user: SlackUser): string {
  return user.profile?.display_name?.trim() || user.profile?.real_name?.trim() || user.real_name?.trim() || user.name?.trim() || user.id;
}

/** Only channels are linked and named in messages: a DM or group DM has no name to show. */
export function isNamedChannel(conversation: { kind: ChannelKind }): boolean {
  return conversation.kind === 'public' || conversation.kind === 'private';
}

/** Computed once, on the main thread; the workers are handed it. */
export function renderFingerprint(names: RenderNames): string {
  const hash = createHash('sha1').update(RENDERER_VERSION);
  for (const [id, name] of new NameLookup(names.people).entries()) hash.update(`u${id}\0${name}\0`);
  for (const [id, name] of new NameLookup(names.channels).entries()) hash.update(`c${id}\0${name}\0`);
  return hash.digest('hex');
}

/** Reads names from the shared tables: a worker holds no copy of its own. */
export function renderContextFrom(names: RenderNames, fingerprint: string): RenderContext {
  const people = new NameLookup(names.people);
  const channels = new NameLookup(names.channels);
  return {
    fingerprint,
    resolver: {
      userName: (id) => people.name(id),
      channelName: (id) => channels.name(id),
      userGroupName: () => undefined,
      // Site-relative and language-neutral: the archive redirects to the reader's language.
      userHref: (id) => neutralLinks.person(id),
      channelHref: (id) => (channels.has(id) ? neutralLinks.channel(id) : undefined),
    },
  };
}

/** A context from whole lists (tests, small exports). */
export function buildRenderContext(users: SlackUser[], conversations: { id: string; kind: ChannelKind; name: string }[]): RenderContext {
  const names: RenderNames = {
    people: nameTableOf(new Map(users.map((user) => [user.id, slackDisplayName(user)]))),
    channels: nameTableOf(new Map(conversations.filter(isNamedChannel).map((c) => [c.id, c.name]))),
  };
  return renderContextFrom(names, renderFingerprint(names));
}
