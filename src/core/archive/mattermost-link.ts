import { mattermostSlug } from '../mattermost/slug.ts';

/**
 * The name a channel gets in Mattermost when an administrator has not set
 * one, as Mattermost's Slack importer (mmetl) gives it: the Slack name as a
 * slug (« événements » → "evenements", cut to 64 characters, trimmed of `_`/`-`),
 * one-letter names prefixed. Only a name with nothing Latin left (« 研究 »)
 * falls back on the lower-cased Slack id.
 */
export function mattermostChannelName(slackName: string, channelId: string): string {
  const slug = mattermostSlug(slackName, { dots: false });
  if (slug.length === 1) return `slack-channel-${slug}`;
  return slug === '' ? channelId.toLowerCase() : slug;
}

export interface MattermostSettings {
  url: string;
  team: string;
}

/** Where the conversation goes on, or null when Mattermost is not configured (or for DMs, which have no public name). */
export function mattermostChannelUrl(
  settings: MattermostSettings | null,
  channel: { id: string; name: string; kind: string; mattermostName: string | null },
): string | null {
  if (!settings || channel.kind === 'dm' || channel.kind === 'mpim') return null;
  const name = channel.mattermostName ?? mattermostChannelName(channel.name, channel.id);
  return `${settings.url}/${encodeURIComponent(settings.team)}/channels/${encodeURIComponent(name)}`;
}
