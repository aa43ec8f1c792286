/**
 * The shapes of a Slack export's JSON files, limited to the fields the
 * generator writes (real exports carry more, which importers must ignore).
 */

export interface SlackUserProfile {
  title: string;
  phone: string;
  skype: string;
  real_name: string;
  real_name_normalized: string;
  display_name: string;
  display_name_normalized: string;
  status_text: string;
  status_emoji: string;
  status_expiration: number;
  avatar_hash: string;
  email?: string;
  first_name: string;
  last_name: string;
  image_72?: string;
  bot_id?: string;
  api_app_id?: string;
  always_active?: boolean;
  team: string;
}

export interface SlackUser {
  id: string;
  team_id: string;
  name: string;
  deleted: boolean;
  color: string;
  real_name: string;
  tz: string;
  tz_label: string;
  tz_offset: number;
  profile: SlackUserProfile;
  is_admin: boolean;
  is_owner: boolean;
  is_primary_owner: boolean;
  is_restricted: boolean;
  is_ultra_restricted: boolean;
  is_bot: boolean;
  is_app_user: boolean;
  updated: number;
}

export interface SlackChannelText {
  value: string;
  creator: string;
  last_set: number;
}

export interface SlackChannel {
  id: string;
  name: string;
  created: number;
  creator: string;
  is_archived: boolean;
  is_general: boolean;
  /** Only in groups.json. */
  is_private?: boolean;
  members: string[];
  topic: SlackChannelText;
  purpose: SlackChannelText;
}

/** The author's profile as Slack copies it into each message. */
export interface SlackMessageProfile {
  avatar_hash: string;
  image_72?: string;
  first_name: string;
  real_name: string;
  display_name: string;
  team: string;
  name: string;
  is_restricted: boolean;
  is_ultra_restricted: boolean;
}

export interface SlackReaction {
  name: string;
  users: string[];
  count: number;
}

export interface SlackFile {
  id: string;
  created: number;
  timestamp: number;
  name: string;
  title: string;
  mimetype: string;
  filetype: string;
  pretty_type: string;
  user: string;
  size: number;
  mode: 'hosted';
  is_external: boolean;
  is_public: boolean;
  url_private: string;
  url_private_download: string;
  permalink: string;
}

export interface SlackMessage {
  client_msg_id?: string;
  type: 'message';
  subtype?: 'channel_join' | 'bot_message';
  text: string;
  user?: string;
  bot_id?: string;
  username?: string;
  ts: string;
  edited?: { user: string; ts: string };
  files?: SlackFile[];
  upload?: boolean;
  display_as_bot?: boolean;
  user_profile?: SlackMessageProfile;
  thread_ts?: string;
  reply_count?: number;
  reply_users_count?: number;
  latest_reply?: string;
  reply_users?: string[];
  is_locked?: boolean;
  subscribed?: boolean;
  parent_user_id?: string;
  reactions?: SlackReaction[];
}
