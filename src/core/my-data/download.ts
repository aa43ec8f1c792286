import type { Readable } from 'node:stream';
import { recordAudit } from '../accounts/audit.ts';
import type { Member } from '../accounts/members.ts';
import { consumeRateLimit, type RateLimitOutcome, type RateLimitRule } from '../accounts/rate-limit.ts';
import type { Db } from '../db/client.ts';
import { memberDataZip } from './member-data-zip.ts';

/** Where the account page's « Télécharger mes données » form posts: served by the Node server (src/server/my-data-download.ts). */
export const MY_DATA_PATH = '/account/my-data.zip';

/** A download reads the member's whole history: a few an hour is plenty, and bounds what one stolen session can pull. */
export const MY_DATA_DOWNLOADS: RateLimitRule = { name: 'my-data:download', limit: 3, windowMs: 60 * 60 * 1000 };

export type MyDataDownload = { allowed: true; stream: Readable; filename: string } | Extract<RateLimitOutcome, { allowed: false }>;

/**
 * The member's own data, rate limited per member and audited when the zip is
 * complete (with how many messages it held; a download cut short is audited too).
 */
export async function downloadMyData(db: Db, member: Member, options: { publicUrl: string; now?: Date }): Promise<MyDataDownload> {
  const now = options.now ?? new Date();
  const limit = await consumeRateLimit(db, MY_DATA_DOWNLOADS, member.id, now.getTime());
  if (!limit.allowed) return limit;
  const { stream, messages } = memberDataZip(db, member, { publicUrl: options.publicUrl });
  let ended = false;
  stream.once('end', () => {
    ended = true;
  });
  void messages.then((count) => recordAudit(db, { memberId: member.id }, 'member.data-downloaded', member.id, { messages: count, complete: ended }).catch(() => undefined));
  return { allowed: true, stream, filename: `passerelle-my-data-${now.toISOString().slice(0, 10)}.zip` };
}
