import { describe, expect, it } from 'vitest';
import { systemEvent } from './system-message.ts';

describe('Slack system messages as data', () => {
  it('reads joins, leaves and archiving from the subtype alone', () => {
    expect(systemEvent('channel_join', '<@U1> has joined the channel')).toEqual({ kind: 'join' });
    expect(systemEvent('group_leave', 'whatever')).toEqual({ kind: 'leave' });
    expect(systemEvent('channel_archive', '')).toEqual({ kind: 'archive' });
  });

  it('keeps the new purpose or topic as Slack text, line breaks included', () => {
    expect(systemEvent('channel_purpose', '<@U1> set the channel purpose: Méthodes &amp; code\nR')).toEqual({ kind: 'purpose', value: 'Méthodes &amp; code\nR' });
    expect(systemEvent('channel_topic', '<@U1> set the channel topic: <https://example.org>')).toEqual({ kind: 'topic', value: '<https://example.org>' });
    expect(systemEvent('channel_topic', '<@U1> cleared the channel topic')).toEqual({ kind: 'cleared-topic' });
  });

  it('reads a rename', () => {
    expect(systemEvent('channel_name', '<@U1> has renamed the channel from "general" to "accueil"')).toEqual({ kind: 'rename', from: 'general', to: 'accueil' });
  });

  it('gives up on wording it does not know, so the original text is shown rather than a wrong sentence', () => {
    expect(systemEvent('channel_topic', '<@U1> set the channel purpose: x')).toBeNull();
    expect(systemEvent('channel_name', 'renamed it')).toBeNull();
    expect(systemEvent('bot_message', 'hi')).toBeNull();
    expect(systemEvent(null, 'hi')).toBeNull();
  });
});
