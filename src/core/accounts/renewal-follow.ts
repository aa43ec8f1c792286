import type { Db } from '../db/client.ts';
import type { Logger } from '../log.ts';
import { followRenewal, type FollowOutcome, type PasswordChoice, type RenewingMember } from '../mattermost/follow-renewal.ts';
import type { MattermostPort } from '../mattermost/port.ts';

/**
 * The Mattermost step of a renewal, as the renewal sees it. The types belong to
 * `mattermost/follow-renewal.ts` (one module owns them); the renewal depends
 * only on the `AccountFollower` seam, so its pages are tested with each outcome.
 */
export type { FollowOutcome, PasswordChoice, RenewingMember };

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

/** The real follower: the member's Mattermost account follows their renewal through the port, when there is one. */
export function accountFollower(deps: { db: Db; mattermost: MattermostPort | null; log: Logger; now?: () => Date }): AccountFollower {
  if (!deps.mattermost) return NO_ACCOUNT_FOLLOWER;
  return { enabled: true, follow: (member, choice) => followRenewal(deps, member, choice) };
}
