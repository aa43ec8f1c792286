/**
 * Mattermost usernames for accounts Passerelle creates. Mattermost's Slack
 * importer (mmetl) keeps a person's Slack handle (the export's `name`) as the
 * username and the server lower-cases it, so a member created at renewal gets
 * the name their colleagues already mention. Mattermost accepts 1–64 of
 * `a-z 0-9 . - _` and refuses a few names its mentions use.
 */

import { MATTERMOST_NAME_MAX_LENGTH, mattermostSlug } from './slug.ts';

export const USERNAME_MAX_LENGTH = MATTERMOST_NAME_MAX_LENGTH;
const RESERVED = new Set(['all', 'channel', 'matterbot', 'system']);
/** How many taken names to step over before giving up (then an administrator links the account). */
export const USERNAME_ATTEMPTS = 20;

/** The name to try first: the Slack handle as mmetl keeps it, or the address's local part without a handle. */
export function baseUsername(member: { slackHandle: string | null; email: string }): string {
  const source = member.slackHandle?.trim() || member.email.split('@')[0] || '';
  const cleaned = mattermostSlug(source, { dots: true });
  return cleaned === '' ? 'member' : cleaned;
}

/** The n-th name to try (0: the base itself), a reserved base skipped, each within Mattermost's length. */
export function usernameCandidate(base: string, attempt: number): string {
  const number = RESERVED.has(base) ? attempt + 2 : attempt + 1;
  if (number === 1) return base;
  const suffix = `-${number}`;
  return `${base.slice(0, USERNAME_MAX_LENGTH - suffix.length)}${suffix}`;
}

export function isValidUsername(username: string): boolean {
  return /^[a-z0-9._-]{1,64}$/.test(username) && !RESERVED.has(username);
}
