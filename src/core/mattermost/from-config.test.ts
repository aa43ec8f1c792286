import { describe, expect, it } from 'vitest';
import { mattermostFromConfig } from './from-config.ts';

describe('mattermostFromConfig', () => {
  it('builds the account port only when a token comes with the address and team', () => {
    expect(mattermostFromConfig({ mattermost: null })).toBeNull();
    expect(mattermostFromConfig({ mattermost: { url: 'https://chat.example.org', team: 'collectif' } })).toBeNull();
    const port = mattermostFromConfig({ mattermost: { url: 'https://chat.example.org', team: 'collectif', token: 'bot-token' } });
    expect(port && Object.keys(port).sort()).toEqual(['addToTeam', 'createUser', 'findUserByEmail', 'getUser', 'revokeSessions', 'sendPasswordResetMail', 'setActive', 'setPassword']);
  });
});
