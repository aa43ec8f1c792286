import type { SlackMessage } from '../schemas.ts';

/** A person as one of their messages shows them: Slack copies a snapshot of the profile into each message. */
export interface AuthorSeen {
  id: string;
  handle: string | null;
  realName: string | null;
  displayName: string | null;
  avatarUrl: string | null;
}

/**
 * The author of a message written by a person, with what the message says of
 * them (`user_profile` in recent exports, `user_name` in old ones). A bare id
 * says nobody: no person is invented from it. Bots and integrations are not people.
 */
export function authorSeenIn(message: SlackMessage): AuthorSeen | undefined {
  const id = message.subtype === 'file_comment' ? (message.comment?.user ?? message.user) : message.user;
  if (!id || message.bot_id || message.subtype === 'bot_message') return undefined;
  const profile = message.user_profile;
  const userName = typeof message.user_name === 'string' ? message.user_name : null;
  if (!profile && !userName) return undefined;
  const image = profile?.image_72 ?? null;
  return {
    id,
    handle: profile?.name || userName || null,
    realName: profile?.real_name || null,
    displayName: profile?.display_name || null,
    avatarUrl: image,
  };
}
