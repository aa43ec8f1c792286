import { stripSlackSecretsFrom as clean } from '../../text/slack-secrets.ts';
import type { Conversation } from './layout.ts';
import type { SlackChannel, SlackUser } from '../schemas.ts';
import type { ChannelRow, MemberRow, PersonRow } from './directory-batch.ts';

function avatarOf(user: SlackUser): string | null {
  const profile = user.profile;
  return clean(profile?.image_72 || profile?.image_48 || profile?.image_192) || null;
}

/** Names, titles and avatar links go through the secrets rule (text/slack-secrets.ts): people paste tokens anywhere. */
export function toPersonRow(user: SlackUser): PersonRow {
  return {
    id: user.id,
    teamId: user.team_id ?? null,
    handle: user.name ?? null,
    realName: clean(user.profile?.real_name || user.real_name) || null,
    displayName: clean(user.profile?.display_name) || null,
    email: user.profile?.email?.trim().toLowerCase() || null,
    avatarUrl: avatarOf(user),
    title: clean(user.profile?.title) || null,
    timeZone: user.tz ?? null,
    isBot: Boolean(user.is_bot || user.is_app_user),
    isDeleted: Boolean(user.deleted),
    isGuest: Boolean(user.is_restricted || user.is_ultra_restricted),
  };
}

/** Topics and purposes too: they are free text, often with links. `source` is the list's record (none for an unlisted folder). */
export function toChannelRow(conversation: Conversation, source: SlackChannel | undefined): ChannelRow {
  return {
    id: conversation.id,
    kind: conversation.kind,
    name: conversation.name,
    folder: conversation.folder,
    listed: conversation.listed,
    topic: clean(source?.topic?.value) || null,
    purpose: clean(source?.purpose?.value) || null,
    createdAt: typeof source?.created === 'number' ? source.created * 1000 : null,
    creatorId: source?.creator ?? source?.user ?? null,
    isArchived: Boolean(source?.is_archived),
    isGeneral: Boolean(source?.is_general),
  };
}

/** Members matter for private conversations: they decide who may read them. */
export function toMemberRows(conversation: Conversation, source: SlackChannel | undefined): MemberRow[] {
  const ids = new Set(source?.members ?? []);
  // A DM lists its two people as `user` and the exporter; `members` is the reliable field when present.
  if (conversation.kind === 'dm' && ids.size === 0 && source?.user) ids.add(source.user);
  return [...ids].map((personId) => ({ channelId: conversation.id, personId }));
}
