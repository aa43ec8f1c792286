import type { PacificDay } from './pacific-days.ts';
import type { SlackMessage } from './slack-export-types.ts';

/**
 * Messages waiting to be written, by day and channel. Replies can land up to
 * three days after their root, so a few days are open at once; a channel's
 * day is taken out as soon as no more messages can reach it, which keeps
 * memory flat.
 * Times are integer microseconds since the epoch, which fit exactly in a double.
 */

interface ChannelDay {
  messages: Array<{ at: number; message: SlackMessage }>;
  /** Slack's ts identifies a message within its channel: no two may share one. */
  claimed: Set<number>;
}

export interface ChannelDayBuckets {
  /** The first free time at or after `at` in this channel; reserves it. */
  claim(channelIndex: number, at: number): number;
  /** Files a message at a time `claim` gave. */
  add(channelIndex: number, at: number, message: SlackMessage): void;
  /** Removes and returns one channel's messages of one day, sorted by time. */
  take(dayIndex: number, channelIndex: number): SlackMessage[];
}

export function createChannelDayBuckets(days: readonly PacificDay[]): ChannelDayBuckets {
  const dayStarts = Float64Array.from(days, (day) => day.startMs * 1000);
  const lastEnd = (days.at(-1)?.endMs ?? 0) * 1000;
  const open = new Map<number, Map<number, ChannelDay>>();

  const dayIndexOf = (at: number): number => {
    if (at < (dayStarts[0] ?? 0) || at >= lastEnd) throw new RangeError(`time ${at} µs is outside the exported days`);
    let low = 0;
    let high = dayStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if ((dayStarts[middle] ?? 0) <= at) low = middle;
      else high = middle - 1;
    }
    return low;
  };

  const channelDay = (channelIndex: number, at: number): ChannelDay => {
    const dayIndex = dayIndexOf(at);
    let channels = open.get(dayIndex);
    if (channels === undefined) {
      channels = new Map();
      open.set(dayIndex, channels);
    }
    let bucket = channels.get(channelIndex);
    if (bucket === undefined) {
      bucket = { messages: [], claimed: new Set() };
      channels.set(channelIndex, bucket);
    }
    return bucket;
  };

  return {
    claim(channelIndex, at) {
      let free = at;
      while (channelDay(channelIndex, free).claimed.has(free)) free += 1;
      channelDay(channelIndex, free).claimed.add(free);
      return free;
    },
    add(channelIndex, at, message) {
      channelDay(channelIndex, at).messages.push({ at, message });
    },
    take(dayIndex, channelIndex) {
      const channels = open.get(dayIndex);
      const bucket = channels?.get(channelIndex);
      if (channels === undefined || bucket === undefined) return [];
      channels.delete(channelIndex);
      if (channels.size === 0) open.delete(dayIndex);
      return bucket.messages.sort((a, b) => a.at - b.at).map((entry) => entry.message);
    },
  };
}
