const VALID_NAME = /^[a-zA-Z0-9_-]+$/;

/**
 * The name Mattermost's Slack importer (mmetl) gives a channel: cut to 64 characters, trimmed of
 * `_`/`-`, one-letter names prefixed, names with other characters (accents,
 * non-Latin scripts) replaced by the lower-cased Slack id.
 */
export function mattermostChannelName(slackName: string, channelId: string): string {
  // mmetl cuts names to Mattermost's 64-character limit.
  const trimmed = [...slackName.replace(/^[_-]+|[_-]+$/g, '')].slice(0, 64).join('');
  if (trimmed.length === 1) return `slack-channel-${trimmed}`.toLowerCase();
  if (VALID_NAME.test(trimmed)) return trimmed.toLowerCase();
  return channelId.toLowerCase();
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
