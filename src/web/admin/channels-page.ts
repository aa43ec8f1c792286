import type { AstroGlobal } from 'astro';
import { ChannelSettingsError, channelSettingsSchema, updateChannelSettings, type ChannelSettings } from '../../core/archive/channel-settings.ts';
import { listDirectory, type DirectoryEntry } from '../../core/archive/directory.ts';
import { channels } from '../../core/db/schema/archive.ts';
import { route } from '../../core/routes.ts';
import { readForm, requireAdmin } from '../auth/guards.ts';

export interface ChannelsView {
  channels: DirectoryEntry[];
  /** One line per channel whose new settings were refused; the other channels are saved. */
  errors: string[];
  /** What the administrator typed, shown again beside a refusal. */
  typed: Record<string, Partial<Record<'visibility' | 'mattermostName', string>>>;
  saved: number | null;
}

/** Direct and group messages have no channel page in Mattermost, so no name there either. */
export function hasMattermostName(channel: Pick<DirectoryEntry, 'kind'>): boolean {
  return channel.kind === 'public' || channel.kind === 'private';
}

/**
 * The Channels page saves the whole table in one form: fields are named
 * `visibility:<id>` and `mattermostName:<id>`. Only channels whose settings
 * changed are written (and audited); a refused line leaves the others saved.
 */
export async function handleChannelsPage(context: AstroGlobal): Promise<Response | ChannelsView> {
  const viewer = await requireAdmin(context);
  if (viewer instanceof Response) return viewer;
  const { runtime, t, locale } = context.locals;
  const db = runtime.database.db;
  const load = async () => listDirectory(db, new Set((await db.select({ id: channels.id }).from(channels)).map((row) => row.id)), locale);
  const all = await load();
  const errors: string[] = [];
  const typed: ChannelsView['typed'] = {};
  let saved = 0;

  if (context.request.method === 'POST') {
    const form = await readForm(context.request);
    for (const channel of all) {
      const visibility = form[`visibility:${channel.id}`];
      if (visibility === undefined) continue;
      const mattermostName = hasMattermostName(channel) ? (form[`mattermostName:${channel.id}`] ?? channel.mattermostName ?? '') : '';
      const parsed = channelSettingsSchema.safeParse({ visibility, mattermostName });
      if (!parsed.success) {
        typed[channel.id] = { visibility, mattermostName };
        errors.push(t('admin.channels.invalidName', { channel: channel.label }));
        continue;
      }
      const settings: ChannelSettings = parsed.data;
      if (settings.visibility === channel.visibility && settings.mattermostName === channel.mattermostName) continue;
      try {
        await updateChannelSettings(db, { memberId: viewer.member.id }, channel.id, settings);
        saved += 1;
      } catch (problem) {
        if (!(problem instanceof ChannelSettingsError)) throw problem;
        typed[channel.id] = { visibility, mattermostName };
        errors.push(t('admin.channels.cannotOpen', { channel: channel.label }));
      }
    }
    if (errors.length === 0) return context.redirect(`${route('adminChannels', locale)}?saved=${saved}`, 303);
    context.response.status = 400;
  }
  const savedParam = context.url.searchParams.get('saved');
  return {
    channels: errors.length > 0 || saved > 0 ? await load() : all,
    errors,
    typed,
    saved: savedParam !== null && /^\d{1,6}$/.test(savedParam) ? Number(savedParam) : context.request.method === 'POST' ? saved : null,
  };
}
