import { createChannelDayBuckets } from './channel-day-buckets.ts';
import type { ChannelPlan } from './channels.ts';
import { botMessage, joinMessage, slackTs, userMessage, type WorkspaceContext } from './message-factory.ts';
import type { PacificDay } from './pacific-days.ts';
import type { Author, BotIdentity } from './people.ts';
import type { Random } from './seeded-random.ts';
import type { SlackMessage } from './slack-export-types.ts';
import { createWeightedPicker, type WeightedPicker } from './weighted-picker.ts';

/**
 * Generates the channels' history a day at a time, and within a day a
 * channel at a time: each step yields one finished day file, so memory holds
 * a single channel's day (plus replies waiting for later days) at any size.
 */

export interface HistoryPlan {
  days: readonly PacificDay[];
  /** Messages started each day, replies included; they add up to the total. */
  volumes: readonly number[];
  channels: readonly ChannelPlan[];
  workspace: WorkspaceContext;
  bot: BotIdentity;
}

export interface HistoryTally {
  messages: number;
  threads: number;
  replies: number;
  files: number;
}

export interface ChannelDayFile {
  channel: ChannelPlan;
  date: string;
  messages: SlackMessage[];
}

const SHARE_JOINS = 0.01;
const SHARE_BOT_POSTS = 0.005;
const SHARE_ORPHAN_REPLIES = 0.001;
/**
 * 12% of posts start a thread of 1 + X replies, X mostly geometric (mean
 * 1.15) and sometimes long (8 to 60): about a quarter of all messages are
 * replies, as in a lively workspace.
 */
const SHARE_THREADED = 0.12;
const SHARE_LONG_THREADS = 0.02;
const SHORT_THREAD_CONTINUATION = 1.15 / 2.15;

const SECOND_US = 1_000_000;
const MINUTE_US = 60 * SECOND_US;
const HOUR_US = 60 * MINUTE_US;
const DAY_US = 24 * HOUR_US;
/** Replies come within three days of their root, often on a later day than it. */
const MAX_THREAD_SPAN_US = 3 * DAY_US;
/** Orphan replies answer roots posted before the export's first day. */
const MAX_ORPHAN_AGE_US = 90 * DAY_US;

/**
 * Posting by hour of the day in Los Angeles for a community in Toronto,
 * three hours ahead: busy from 06:00 to 15:00 here (9 to 18 there), with
 * evenings that cross midnight UTC and so into the next UTC date.
 */
const HOURLY_ACTIVITY = [
  0.3, 0.15, 0.08, 0.05, 0.1, 0.4, 1.2, 2, 2.4, 2.4, 2.2, 1.8, 2.2, 2.3, 2.2, 1.9, 1.5, 1.3, 1.2, 1.1, 0.9, 0.7, 0.5, 0.4,
];
const HOUR_PICKER = createWeightedPicker(
  HOURLY_ACTIVITY.map((_, hour) => hour),
  HOURLY_ACTIVITY,
);

function timeOfDay(random: Random, day: PacificDay): number {
  const lengthMs = day.endMs - day.startMs;
  let offsetMs = HOUR_PICKER.pick(random) * 3_600_000 + random.below(3_600_000);
  // The 23-hour day in March has no 23:00; never use the day's last seconds.
  if (offsetMs > lengthMs - 2000) offsetMs -= 3_600_000;
  return (day.startMs + offsetMs) * 1000 + random.below(1000);
}

function replyCount(random: Random): number {
  if (!random.chance(SHARE_THREADED)) return 0;
  if (random.chance(SHARE_LONG_THREADS)) return random.between(8, 60);
  let count = 1;
  while (random.chance(SHORT_THREAD_CONTINUATION)) count++;
  return count;
}

/** Minutes between most replies, sometimes hours or a day. */
function replyGap(random: Random): number {
  if (random.chance(0.1)) return 2 * HOUR_US + random.below(28 * HOUR_US);
  return 20 * SECOND_US + Math.floor(-Math.log(1 - random.next()) * 12 * MINUTE_US);
}

export function* channelHistory(plan: HistoryPlan, random: Random, tally: HistoryTally): Generator<ChannelDayFile> {
  const buckets = createChannelDayBuckets(plan.days);
  const exportStart = (plan.days[0]?.startMs ?? 0) * 1000;
  const exportEnd = (plan.days.at(-1)?.endMs ?? 0) * 1000;
  const channelIndexes = plan.channels.map((_, index) => index);
  let messagesLeft = plan.volumes.reduce((total, volume) => total + volume, 0);

  const post = (channelIndex: number, at: number, message: SlackMessage): void => {
    buckets.add(channelIndex, at, message);
    tally.messages++;
    tally.files += message.files?.length ?? 0;
  };

  /** A post and the replies it will get, which may land in later days' files. */
  const postConversation = (channelIndex: number, channel: ChannelPlan, day: PacificDay, maxReplies: number): number => {
    const author = channel.authorPicker.pick(random);
    const rootAt = buckets.claim(channelIndex, timeOfDay(random, day));
    const room = Math.max(0, Math.min(MAX_THREAD_SPAN_US, exportEnd - SECOND_US - rootAt));
    const count = Math.min(replyCount(random), maxReplies, Math.floor(room / SECOND_US));
    const gaps = Array.from({ length: count }, () => replyGap(random));
    const totalGap = gaps.reduce((a, b) => a + b, 0);
    // Squeeze the gaps into the room left, keeping replies a second apart.
    const squeeze = totalGap > room - count * SECOND_US ? (room - count * SECOND_US) / totalGap : 1;
    const threadTs = slackTs(rootAt);
    const replyTo = { threadTs, parentUserId: author.id };
    const replyUsers: string[] = [];
    let elapsed = 0;
    let latestReply = threadTs;
    for (const [index, gap] of gaps.entries()) {
      elapsed += gap;
      const at = buckets.claim(channelIndex, rootAt + (index + 1) * SECOND_US + Math.floor(elapsed * squeeze));
      const replier = replyAuthor(channel, author, index);
      if (!replyUsers.includes(replier.id)) replyUsers.push(replier.id);
      const reply = userMessage(random, plan.workspace, channel, replier, at, { replyTo });
      latestReply = reply.ts;
      post(channelIndex, at, reply);
    }
    const summary = count > 0 ? { replyCount: count, replyUsers, latestReply } : undefined;
    post(channelIndex, rootAt, userMessage(random, plan.workspace, channel, author, rootAt, summary === undefined ? {} : { summary }));
    if (count > 0) tally.threads++;
    tally.replies += count;
    return 1 + count;
  };

  /** The root's author often answers back; the first reply is someone else's when possible. */
  const replyAuthor = (channel: ChannelPlan, rootAuthor: Author, index: number): Author => {
    if (index > 0 && random.chance(0.3)) return rootAuthor;
    let replier = channel.authorPicker.pick(random);
    for (let attempt = 0; attempt < 3 && index === 0 && replier.id === rootAuthor.id; attempt++)
      replier = channel.authorPicker.pick(random);
    return replier;
  };

  const postOrphanReply = (channelIndex: number, channel: ChannelPlan, day: PacificDay): void => {
    const at = buckets.claim(channelIndex, timeOfDay(random, day));
    const replyTo = {
      threadTs: slackTs(exportStart - HOUR_US - random.below(MAX_ORPHAN_AGE_US)),
      parentUserId: channel.authorPicker.pick(random).id,
    };
    post(channelIndex, at, userMessage(random, plan.workspace, channel, channel.authorPicker.pick(random), at, { replyTo }));
    tally.replies++;
  };

  /** Posts a message or a conversation in the channel; returns how many messages that made. */
  const postSomething = (channelIndex: number, day: PacificDay): number => {
    const channel = plan.channels[channelIndex] as ChannelPlan;
    const roll = random.next();
    if (roll < SHARE_JOINS && channel.memberIds.length > 0) {
      const at = buckets.claim(channelIndex, timeOfDay(random, day));
      post(channelIndex, at, joinMessage(random.pick(channel.memberIds), at));
    } else if (roll < SHARE_JOINS + SHARE_BOT_POSTS) {
      const at = buckets.claim(channelIndex, timeOfDay(random, day));
      post(channelIndex, at, botMessage(random, plan.bot, at));
    } else if (roll < SHARE_JOINS + SHARE_BOT_POSTS + SHARE_ORPHAN_REPLIES) {
      postOrphanReply(channelIndex, channel, day);
    } else {
      return postConversation(channelIndex, channel, day, messagesLeft - 1);
    }
    return 1;
  };

  let activeChannels: WeightedPicker<number> | undefined;
  let activeCount = -1;
  /** A long thread may take more than its share: later days then start fewer messages. */
  let overdrawn = 0;
  const shares = new Int32Array(plan.channels.length);
  for (const [dayIndex, day] of plan.days.entries()) {
    // Archived channels fall silent after their last active day.
    const active = channelIndexes.filter((index) => (plan.channels[index]?.lastActiveDay ?? -1) >= dayIndex);
    if (active.length !== activeCount || activeChannels === undefined) {
      activeChannels = createWeightedPicker(
        active,
        active.map((index) => plan.channels[index]?.weight ?? 0),
      );
      activeCount = active.length;
    }
    const volume = (plan.volumes[dayIndex] ?? 0) - overdrawn;
    overdrawn = Math.max(0, -volume);
    shares.fill(0);
    for (let i = 0; i < volume; i++) {
      const channelIndex = activeChannels.pick(random);
      shares[channelIndex] = (shares[channelIndex] ?? 0) + 1;
    }
    for (const channelIndex of channelIndexes) {
      let remaining = shares[channelIndex] ?? 0;
      // On the last day an earlier channel's long thread may have used up the total.
      while (remaining > 0 && messagesLeft > 0) {
        const posted = postSomething(channelIndex, day);
        remaining -= posted;
        messagesLeft -= posted;
      }
      overdrawn += Math.max(0, -remaining);
      const messages = buckets.take(dayIndex, channelIndex);
      if (messages.length > 0) yield { channel: plan.channels[channelIndex] as ChannelPlan, date: day.date, messages };
    }
  }
}
