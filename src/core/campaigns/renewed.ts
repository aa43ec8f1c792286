/**
 * Whether a member has renewed their access: the one place that decides, so a
 * renewed member is never invited nor reminded. Until the renewal records its
 * own date, an active member (one who has signed in since the move) counts as renewed.
 */
export function isRenewed(member: { status: string; renewedAt?: Date | null }): boolean {
  if (member.renewedAt !== undefined) return member.renewedAt !== null;
  return member.status === 'active';
}
