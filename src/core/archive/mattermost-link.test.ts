import { describe, expect, it } from 'vitest';
import { mattermostChannelName, mattermostChannelUrl } from './mattermost-link.ts';

describe('Mattermost channel names, as mmetl derives them', () => {
  it('keeps valid names, lower-cased and trimmed of - and _', () => {
    expect(mattermostChannelName('donnees-partage', 'C1')).toBe('donnees-partage');
    expect(mattermostChannelName('_Methodes-Stats-', 'C1')).toBe('methodes-stats');
  });
  it('cuts names to 64 characters', () => {
    expect(mattermostChannelName('a'.repeat(80), 'C1')).toBe('a'.repeat(64));
  });
  it('prefixes one-letter names', () => {
    expect(mattermostChannelName('x', 'C1')).toBe('slack-channel-x');
  });
  it('makes a slug of names with accents, and falls back to the lower-cased Slack id for other scripts', () => {
    expect(mattermostChannelName('événements', 'C04E6EVT4HN')).toBe('evenements');
    expect(mattermostChannelName('Réunion d’équipe', 'C1')).toBe('reunion-d-equipe');
    expect(mattermostChannelName('研究', 'C09ABC')).toBe('c09abc');
  });
  it('builds the channel URL, honours an override, and has none for DMs or without settings', () => {
    const settings = { url: 'https://chat.example.org', team: 'collectif' };
    const channel = { id: 'C04E6EVT4HN', name: 'événements', kind: 'public', mattermostName: null };
    expect(mattermostChannelUrl(settings, channel)).toBe('https://chat.example.org/collectif/channels/evenements');
    expect(mattermostChannelUrl(settings, { ...channel, mattermostName: 'agenda' })).toBe('https://chat.example.org/collectif/channels/agenda');
    expect(mattermostChannelUrl(settings, { ...channel, kind: 'dm' })).toBeNull();
    expect(mattermostChannelUrl(null, channel)).toBeNull();
  });
});
