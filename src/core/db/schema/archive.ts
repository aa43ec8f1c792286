import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * The archive of the former Slack workspace, as imported from its export.
 * Slack ids are kept as keys so a newer export of the same workspace updates
 * rows in place, and old Slack links can be mapped to archive pages.
 */

export const people = sqliteTable('people', {
  id: text('id').primaryKey(),
  teamId: text('team_id'),
  handle: text('handle'),
  realName: text('real_name'),
  displayName: text('display_name'),
  email: text('email'),
  avatarUrl: text('avatar_url'),
  title: text('title'),
  timeZone: text('time_zone'),
  isBot: integer('is_bot', { mode: 'boolean' }).notNull().default(false),
  isDeleted: integer('is_deleted', { mode: 'boolean' }).notNull().default(false),
  isGuest: integer('is_guest', { mode: 'boolean' }).notNull().default(false),
});

export const CHANNEL_KINDS = ['public', 'private', 'dm', 'mpim'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];
export const CHANNEL_VISIBILITIES = ['members', 'hidden', 'open'] as const;
export type ChannelVisibility = (typeof CHANNEL_VISIBILITIES)[number];

export const channels = sqliteTable('channels', {
  id: text('id').primaryKey(),
  kind: text('kind', { enum: CHANNEL_KINDS }).notNull(),
  name: text('name').notNull(),
  /** Folder of the export that holds its day files (name for channels, id for DMs). */
  folder: text('folder').notNull(),
  /** False for folders the export's channel lists do not mention. */
  listed: integer('listed', { mode: 'boolean' }).notNull(),
  topic: text('topic'),
  purpose: text('purpose'),
  createdAt: integer('created_at'),
  creatorId: text('creator_id'),
  isArchived: integer('is_archived', { mode: 'boolean' }).notNull().default(false),
  isGeneral: integer('is_general', { mode: 'boolean' }).notNull().default(false),
  messageCount: integer('message_count').notNull().default(0),
  firstTs: text('first_ts'),
  lastTs: text('last_ts'),
  /** JSON {"YYYY-MM": count} of counted messages per UTC month, rebuilt with the counts: the activity charts read it. */
  monthlyActivity: text('monthly_activity'),
  /**
   * Set by administrators, never by imports: "hidden" takes the channel out of the
   * archive, "open" lets visitors read it without signing in.
   */
  visibility: text('visibility', { enum: CHANNEL_VISIBILITIES }).notNull().default('members'),
  /** Overrides the Mattermost channel name derived from the Slack name. */
  mattermostName: text('mattermost_name'),
  /** Set when an import wrote messages whose counts are not yet recomputed. */
  statsDirty: integer('stats_dirty', { mode: 'boolean' }).notNull().default(false),
});

export const channelMembers = sqliteTable(
  'channel_members',
  {
    channelId: text('channel_id').notNull(),
    personId: text('person_id').notNull(),
  },
  (table) => [primaryKey({ columns: [table.channelId, table.personId] }), index('channel_members_person').on(table.personId)],
);

export const messages = sqliteTable(
  'messages',
  {
    channelId: text('channel_id').notNull(),
    /** Slack's exact "seconds.micro" string: with the channel, the message's identity. */
    ts: text('ts').notNull(),
    tsMs: integer('ts_ms').notNull(),
    userId: text('user_id'),
    botId: text('bot_id'),
    /** Name shown for bots and for authors missing from the people list. */
    authorName: text('author_name'),
    subtype: text('subtype'),
    /** The original mrkdwn, Slack secrets removed (text/slack-secrets.ts), as from every text below. */
    text: text('text').notNull(),
    html: text('html').notNull(),
    /** What search indexes: rendered text, attachments and file names. */
    plain: text('plain').notNull(),
    attachmentsHtml: text('attachments_html'),
    threadTs: text('thread_ts'),
    /** Counts rebuilt from the replies present in the archive, across day files. */
    replyCount: integer('reply_count').notNull().default(0),
    latestReplyTs: text('latest_reply_ts'),
    /** A reply whose root is not in the export. */
    rootMissing: integer('root_missing', { mode: 'boolean' }).notNull().default(false),
    editedTs: text('edited_ts'),
    editedBy: text('edited_by'),
    /** Deleted in Slack but kept because it has replies. */
    isTombstone: integer('is_tombstone', { mode: 'boolean' }).notNull().default(false),
    hasFiles: integer('has_files', { mode: 'boolean' }).notNull().default(false),
    hasLinks: integer('has_links', { mode: 'boolean' }).notNull().default(false),
    hasReactions: integer('has_reactions', { mode: 'boolean' }).notNull().default(false),
    /** Hash of the source message and its rendering context: unchanged messages are not rewritten. */
    sourceHash: text('source_hash').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.channelId, table.ts] }),
    index('messages_thread').on(table.channelId, table.threadTs).where(sql`${table.threadTs} IS NOT NULL`),
    index('messages_author').on(table.userId, table.tsMs),
  ],
);

export const reactions = sqliteTable(
  'reactions',
  {
    channelId: text('channel_id').notNull(),
    ts: text('ts').notNull(),
    /** Slack's short name, skin tone included (e.g. "wave::skin-tone-3"). */
    emoji: text('emoji').notNull(),
    count: integer('count').notNull(),
    /** JSON array of the person ids who reacted. */
    userIds: text('user_ids').notNull(),
  },
  (table) => [primaryKey({ columns: [table.channelId, table.ts, table.emoji] })],
);

export const files = sqliteTable(
  'files',
  {
    channelId: text('channel_id').notNull(),
    ts: text('ts').notNull(),
    position: integer('position').notNull(),
    fileId: text('file_id'),
    name: text('name'),
    title: text('title'),
    mimetype: text('mimetype'),
    filetype: text('filetype'),
    size: integer('size'),
    /** hosted, external, snippet, hidden_by_limit, tombstone… */
    mode: text('mode'),
    /** Slack's links, without their Slack secrets (`t=xoxe-…`, `token=…`). Never fetched. */
    url: text('url'),
    permalink: text('permalink'),
  },
  (table) => [primaryKey({ columns: [table.channelId, table.ts, table.position] })],
);
