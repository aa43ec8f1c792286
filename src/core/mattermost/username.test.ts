import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { baseUsername, isValidUsername, USERNAME_ATTEMPTS, usernameCandidate } from './username.ts';

const member = (slackHandle: string | null, email = 'ana.lima@example.org') => ({ slackHandle, email });

describe('Mattermost usernames, as mmetl derives them from Slack handles', () => {
  it('keeps a Slack handle as it is, lower-cased as Mattermost stores it', () => {
    expect(baseUsername(member('elise.cote'))).toBe('elise.cote');
    expect(baseUsername(member('Marc_Dube-2'))).toBe('marc_dube-2');
  });

  it('takes the address’s local part when there is no handle', () => {
    expect(baseUsername(member(null, 'Ana.Lima@example.org'))).toBe('ana.lima');
    expect(baseUsername(member('  ', 'ana+mm@example.org'))).toBe('ana-mm');
  });

  it('drops accents and turns other characters Mattermost refuses into one hyphen', () => {
    expect(baseUsername(member('Éloïse Côté'))).toBe('eloise-cote');
    expect(baseUsername(member('josé💡 (admin)'))).toBe('jose-admin');
  });

  it('never starts or ends with punctuation, and stays within 64 characters', () => {
    expect(baseUsername(member('__.ana.-'))).toBe('ana');
    expect(baseUsername(member('a'.repeat(63) + '-b'))).toBe('a'.repeat(63));
    expect(baseUsername(member('b'.repeat(80)))).toHaveLength(64);
  });

  it('falls back to "member" when nothing usable is left', () => {
    expect(baseUsername(member('日本語', '山田@example.org'))).toBe('member');
  });

  it('numbers the next candidates from 2, keeping each within 64 characters', () => {
    expect([0, 1, 2].map((attempt) => usernameCandidate('ana', attempt))).toEqual(['ana', 'ana-2', 'ana-3']);
    expect(usernameCandidate('x'.repeat(64), 1)).toBe(`${'x'.repeat(62)}-2`);
  });

  it('never proposes a name Mattermost reserves', () => {
    expect(usernameCandidate('all', 0)).toBe('all-2');
    expect(usernameCandidate('system', 1)).toBe('system-3');
  });

  it('only ever proposes names Mattermost accepts', () => {
    fc.assert(
      fc.property(fc.option(fc.string({ maxLength: 100 })), fc.string({ maxLength: 80 }), fc.integer({ min: 0, max: USERNAME_ATTEMPTS - 1 }), (handle, local, attempt) => {
        const candidate = usernameCandidate(baseUsername({ slackHandle: handle, email: `${local}@example.org` }), attempt);
        expect(isValidUsername(candidate)).toBe(true);
      }),
    );
  });
});
