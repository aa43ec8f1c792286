import { isNull } from 'drizzle-orm';
import { members } from '../db/schema/accounts.ts';

/**
 * Whether a member has renewed their access: the one place that decides, so a
 * renewed member is never invited nor reminded. The renewal records its date;
 * signing in alone (status "active") is not renewing.
 */
export function isRenewed(member: { renewedAt: Date | null }): boolean {
  return member.renewedAt !== null;
}

/** The same rule where the database chooses the members. */
export const notRenewedSql = isNull(members.renewedAt);
