import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit, type Actor } from '../accounts/audit.ts';
import type { Db } from '../db/client.ts';
import { CHANNEL_VISIBILITIES, channels } from '../db/schema/archive.ts';

export const channelSettingsSchema = z.object({
  visibility: z.enum(CHANNEL_VISIBILITIES),
  /** Empty means "derive it the way Mattermost's importer does". */
  mattermostName: z
    .string()
    .trim()
    .max(64)
    .regex(/^[a-z0-9_-]*$/, { error: 'lowercase letters, digits, - and _ only' })
    .transform((value) => value || null),
});

export type ChannelSettings = z.infer<typeof channelSettingsSchema>;

/** Administrators decide who sees a channel beyond the default rules; every change is audited. */
export class ChannelSettingsError extends Error {}

export async function updateChannelSettings(db: Db, actor: Actor, channelId: string, settings: ChannelSettings): Promise<boolean> {
  const [before] = await db
    .select({ visibility: channels.visibility, mattermostName: channels.mattermostName, kind: channels.kind })
    .from(channels)
    .where(eq(channels.id, channelId));
  if (!before) return false;
  // Private conversations belong to their participants: nobody may publish them.
  if (settings.visibility === 'open' && before.kind !== 'public') throw new ChannelSettingsError('only public channels can be opened to visitors');
  await db.update(channels).set(settings).where(eq(channels.id, channelId));
  await recordAudit(db, actor, 'channel.updated', null, { channelId, from: before, to: settings });
  return true;
}
