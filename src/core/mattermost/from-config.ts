import type { Config } from '../config.ts';
import { createClient4Mattermost } from './client4-adapter.ts';
import type { MattermostPort } from './port.ts';

/**
 * The account port when Mattermost's address, team and a token are all
 * configured; null otherwise (renewal then tells members to set their password
 * in Mattermost itself, and links to conversations still work without a token).
 */
export function mattermostFromConfig(config: Pick<Config, 'mattermost'>): MattermostPort | null {
  const settings = config.mattermost;
  if (!settings?.token) return null;
  return createClient4Mattermost({ url: settings.url, token: settings.token, team: settings.team });
}
