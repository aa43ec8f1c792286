import { and, eq, inArray, isNull, ne } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { members } from '../db/schema/accounts.ts';
import { renewalLinks } from '../db/schema/renewal.ts';
import { route } from '../routes.ts';
import { recordAudit, type Actor } from './audit.ts';
import { findMemberByEmail, getMember, MemberError, normalizeEmail, type Member } from './members.ts';
import { generateToken, hashSecret } from './secrets.ts';

export const DEFAULT_RENEWAL_LINK_DAYS = 14;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface IssuedRenewalLink {
  /** Path and query on this site: callers prefix PUBLIC_URL, never the request's host. */
  path: string;
  expiresAt: Date;
}

/**
 * A one-time renewal link for a member, in their language: 160 random bits,
 * only their SHA-256 stored, valid `days` days. A new link cancels the older
 * ones, so only the latest invitation works. The campaign mailer calls this for
 * each recipient (origin `email`); administrators hand one over (`operator`).
 */
export async function issueRenewalLink(
  db: Db,
  memberId: string,
  options: { origin: 'email' | 'operator'; days?: number; now?: Date },
): Promise<IssuedRenewalLink> {
  const now = options.now ?? new Date();
  const member = await getMember(db, memberId);
  if (!member) throw new MemberError('unknown-member', 'no such member');
  if (member.status === 'disabled') throw new MemberError('disabled', `${member.email} is disabled: enable the member first`);
  const token = generateToken(20);
  const expiresAt = new Date(now.getTime() + (options.days ?? DEFAULT_RENEWAL_LINK_DAYS) * DAY_MS);
  await db.batch([
    db.delete(renewalLinks).where(eq(renewalLinks.memberId, member.id)),
    db.insert(renewalLinks).values({ id: generateToken(15), memberId: member.id, tokenHash: hashSecret(token), origin: options.origin, createdAt: now, expiresAt }),
    db.update(members).set({ renewalInvitedAt: now, updatedAt: now }).where(eq(members.id, member.id)),
  ]);
  return { path: `${route('renewal', member.locale)}?token=${encodeURIComponent(token)}`, expiresAt };
}

/**
 * The same links for many members at once (a campaign's batch): one
 * transaction instead of one per member. Disabled or unknown members get none.
 */
export async function issueRenewalLinks(
  db: Db,
  memberIds: string[],
  options: { origin: 'email' | 'operator'; days?: number; now?: Date },
): Promise<Map<string, IssuedRenewalLink>> {
  const issued = new Map<string, IssuedRenewalLink>();
  if (memberIds.length === 0) return issued;
  const now = options.now ?? new Date();
  const expiresAt = new Date(now.getTime() + (options.days ?? DEFAULT_RENEWAL_LINK_DAYS) * DAY_MS);
  const found = await db.select({ id: members.id, locale: members.locale }).from(members).where(and(inArray(members.id, memberIds), ne(members.status, 'disabled')));
  if (found.length === 0) return issued;
  const rows = found.map((member) => {
    const token = generateToken(20);
    issued.set(member.id, { path: `${route('renewal', member.locale)}?token=${encodeURIComponent(token)}`, expiresAt });
    return { id: generateToken(15), memberId: member.id, tokenHash: hashSecret(token), origin: options.origin, createdAt: now, expiresAt };
  });
  const ids = found.map((member) => member.id);
  await db.batch([
    db.delete(renewalLinks).where(inArray(renewalLinks.memberId, ids)),
    db.insert(renewalLinks).values(rows),
    db.update(members).set({ renewalInvitedAt: now, updatedAt: now }).where(inArray(members.id, ids)),
  ]);
  return issued;
}

/** The rescue path, as for sign-in links: an administrator (or the CLI) hands a link over another way. Always audited. */
export async function issueOperatorRenewalLink(
  db: Db,
  actor: Actor,
  email: string,
  options: { days?: number; now?: Date; reason?: string } = {},
): Promise<IssuedRenewalLink> {
  const member = await findMemberByEmail(db, email);
  if (!member) throw new MemberError('unknown-member', `no member with the address ${normalizeEmail(email)}`);
  const now = options.now ?? new Date();
  const issued = await issueRenewalLink(db, member.id, { origin: 'operator', days: options.days, now });
  await recordAudit(db, actor, 'member.renewal-link-issued', member.id, { expiresAt: issued.expiresAt.toISOString(), ...(options.reason ? { reason: options.reason } : {}) }, now);
  return issued;
}

async function findUsableLink(db: Db, token: string, now: Date) {
  if (token === '') return undefined;
  const [link] = await db.select().from(renewalLinks).where(eq(renewalLinks.tokenHash, hashSecret(token))).limit(1);
  if (!link || link.usedAt !== null || link.expiresAt.getTime() <= now.getTime()) return undefined;
  const member = await getMember(db, link.memberId);
  if (!member || member.status === 'disabled') return undefined;
  return { link, member };
}

/**
 * For the GET of the renewal page: who the invitation is for, or undefined for
 * any link that will not work (unknown, forged, used, expired, disabled member),
 * all alike. Consumes nothing: mail scanners open links before people do.
 */
export async function peekRenewalLink(db: Db, token: string, now = new Date()): Promise<Member | undefined> {
  return (await findUsableLink(db, token, now))?.member;
}

/** The POST of the page's button: marks the link used, once (two concurrent presses cannot both succeed). */
export async function consumeRenewalLink(db: Db, token: string, now = new Date()): Promise<Member | undefined> {
  const found = await findUsableLink(db, token, now);
  if (!found) return undefined;
  const used = await db
    .update(renewalLinks)
    .set({ usedAt: now })
    .where(and(eq(renewalLinks.id, found.link.id), isNull(renewalLinks.usedAt)))
    .returning({ id: renewalLinks.id });
  return used.length === 1 ? found.member : undefined;
}
