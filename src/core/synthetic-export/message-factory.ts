import type { ChannelPlan } from './channels.ts';
import { reactions, sharedFile } from './message-extras.ts';
import { messageText, plainPhrase, pickLanguage, type TextContext } from './message-text.ts';
import type { Author, BotIdentity } from './people.ts';
import type { Random } from './seeded-random.ts';
import type { SlackMessage } from './slack-export-types.ts';
import { uuid } from './slack-ids.ts';

/** Builds message objects field by field in the order Slack's exporter writes them. */

export interface WorkspaceContext {
  teamId: string;
  workspaceDomain: string;
  /** Channels that messages can link to. */
  channels: TextContext['channels'];
}

/** A root's thread summary, computed from the replies generated with it. */
export interface ThreadSummary {
  replyCount: number;
  replyUsers: string[];
  latestReply: string;
}

/** Where a reply belongs. */
export interface ReplyTarget {
  threadTs: string;
  parentUserId: string;
}

const SHARE_CLIENT_MSG_ID = 0.9;
const SHARE_EDITED = 0.03;
const SHARE_WITH_FILES = 0.02;
const SHARE_WITH_REACTIONS = 0.15;

/** Slack's "seconds.micro" ts from integer microseconds. */
export function slackTs(at: number): string {
  return `${Math.floor(at / 1_000_000)}.${String(at % 1_000_000).padStart(6, '0')}`;
}

export function userMessage(
  random: Random,
  workspace: WorkspaceContext,
  channel: ChannelPlan,
  author: Author,
  at: number,
  thread: { summary?: ThreadSummary; replyTo?: ReplyTarget } = {},
): SlackMessage {
  const fields = {
    type: 'message',
    text: messageText(random, { memberIds: channel.memberIds, channels: workspace.channels }),
    user: author.id,
    ts: slackTs(at),
  } as const;
  // Posts from integrations and old clients come without a client_msg_id.
  const message: SlackMessage = random.chance(SHARE_CLIENT_MSG_ID) ? { client_msg_id: uuid(random), ...fields } : { ...fields };
  if (random.chance(SHARE_EDITED))
    message.edited = { user: author.id, ts: slackTs(Math.floor(at / 1_000_000 + random.between(5, 7200)) * 1_000_000) };
  if (random.chance(SHARE_WITH_FILES)) {
    const context = {
      teamId: workspace.teamId,
      workspaceDomain: workspace.workspaceDomain,
      userId: author.id,
      postedAt: Math.floor(at / 1_000_000),
    };
    message.files = Array.from({ length: random.chance(0.85) ? 1 : random.between(2, 4) }, () => sharedFile(random, context));
    message.upload = true;
    message.display_as_bot = false;
    if (random.chance(0.4)) message.text = '';
  }
  if (author.profile !== undefined) message.user_profile = author.profile;
  if (thread.summary !== undefined) {
    message.thread_ts = message.ts;
    message.reply_count = thread.summary.replyCount;
    message.reply_users_count = thread.summary.replyUsers.length;
    message.latest_reply = thread.summary.latestReply;
    message.reply_users = thread.summary.replyUsers;
    message.is_locked = false;
    message.subscribed = false;
  }
  if (thread.replyTo !== undefined) {
    message.thread_ts = thread.replyTo.threadTs;
    message.parent_user_id = thread.replyTo.parentUserId;
  }
  if (channel.memberIds.length > 0 && random.chance(SHARE_WITH_REACTIONS)) message.reactions = reactions(random, channel.memberIds);
  return message;
}

export function joinMessage(userId: string, at: number): SlackMessage {
  return { type: 'message', subtype: 'channel_join', text: `<@${userId}> has joined the channel`, user: userId, ts: slackTs(at) };
}

export function botMessage(random: Random, bot: BotIdentity, at: number): SlackMessage {
  const language = pickLanguage(random);
  const text = `${language === 'fr' ? 'Rappel :' : 'Reminder:'} ${plainPhrase(random, language, random.between(4, 12))}`;
  return { type: 'message', subtype: 'bot_message', text, username: bot.username, bot_id: bot.botId, ts: slackTs(at) };
}
