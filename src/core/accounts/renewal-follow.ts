/**
 * The Mattermost step of a renewal, as the renewal sees it: what it hands over
 * and what can come back. These are the types of `mattermost/follow-renewal.ts`
 * (`followRenewal`), which the runtime plugs in behind `AccountFollower`; the
 * renewal depends only on this seam, so its pages are tested with each outcome.
 */
export type PasswordChoice = { kind: 'set'; password: string } | { kind: 'reset-mail' } | { kind: 'later' };

export interface RenewingMember {
  id: string;
  email: string;
  name: string | null;
  locale: 'fr' | 'en';
  slackHandle: string | null;
  mattermostUserId: string | null;
}

export type FollowOutcome =
  | { status: 'done'; mattermostUserId: string; created: boolean; reactivated: boolean; passwordSet: boolean; resetMailSent: boolean }
  | { status: 'password-rejected'; rule: 'min-length' | 'max-length' | 'character-classes' | 'other'; detail: string }
  | { status: 'queued'; reason: string }
  | { status: 'not-configured' };

export interface AccountFollower {
  /** True when Mattermost accounts are managed from here: the form then asks for a password choice. */
  readonly enabled: boolean;
  follow(member: RenewingMember, choice: PasswordChoice): Promise<FollowOutcome>;
}

/** When Mattermost's API is not configured: members set their password in Mattermost directly. */
export const NO_ACCOUNT_FOLLOWER: AccountFollower = {
  enabled: false,
  follow: async () => ({ status: 'not-configured' }),
};
