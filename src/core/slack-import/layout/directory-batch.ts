import type { channelMembers, channels, people } from '../../db/schema/archive.ts';

export type PersonRow = typeof people.$inferInsert;
export type ChannelRow = typeof channels.$inferInsert;
export type MemberRow = typeof channelMembers.$inferInsert;

/** One batch of the directory: written in one transaction of its own. */
export interface DirectoryBatch {
  people: PersonRow[];
  channels: ChannelRow[];
  members: MemberRow[];
}

/**
 * How much of the directory one transaction writes. Each batch is bounded, so
 * memory is too, whatever the size of users.json or channels.json; a batch is
 * short, so the web server's readers and writers wait little.
 */
export interface DirectoryBatchSize {
  people: number;
  channels: number;
  members: number;
}

export const DIRECTORY_BATCH: DirectoryBatchSize = { people: 2_000, channels: 1_000, members: 20_000 };

