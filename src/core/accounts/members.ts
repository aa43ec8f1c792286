import { isTimeZone } from '../time/time-zones.ts';
import { randomUUID } from 'node:crypto';
import { and, asc, count, eq, isNotNull, isNull, like, or } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { members, type MemberRole } from '../db/schema/accounts.ts';
import { people } from '../db/schema/archive.ts';
import type { Locale } from '../i18n/index.ts';
import { recordAudit, type Actor } from './audit.ts';
import { invalidateMemberSessions, type Member } from './sessions.ts';

export type { Member };

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: 'not a valid email address' }));

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Why an operation on a member was refused. The message is for operators at
 * the command line; pages show the reason in the reader's language
 * (`admin.problem.<reason>` in the dictionaries).
 */
export const MEMBER_PROBLEMS = [
  'unknown-member',
  'already-member',
  'own-account',
  'own-role',
  'unknown-person',
  'person-taken',
  'disabled',
  'unknown-time-zone',
] as const;
export type MemberProblem = (typeof MEMBER_PROBLEMS)[number];

export class MemberError extends Error {
  readonly reason: MemberProblem;

  constructor(reason: MemberProblem, message: string) {
    super(message);
    this.name = 'MemberError';
    this.reason = reason;
  }
}

export async function findMemberByEmail(db: Db, email: string): Promise<Member | undefined> {
  const [member] = await db.select().from(members).where(eq(members.email, normalizeEmail(email))).limit(1);
  return member;
}

export async function getMember(db: Db, id: string): Promise<Member | undefined> {
  const [member] = await db.select().from(members).where(eq(members.id, id)).limit(1);
  return member;
}

export async function requireMemberByEmail(db: Db, email: string): Promise<Member> {
  const member = await findMemberByEmail(db, email);
  if (!member) throw new MemberError('unknown-member', `no member with the address ${normalizeEmail(email)}`);
  return member;
}

export async function isPersonLinked(db: Db, personId: string): Promise<boolean> {
  const [taken] = await db.select({ id: members.id }).from(members).where(eq(members.slackPersonId, personId)).limit(1);
  return taken !== undefined;
}

/** The Slack person with this address, when the archive knows one: their history becomes theirs. */
async function slackPersonFor(db: Db, email: string): Promise<string | null> {
  const [person] = await db.select({ id: people.id }).from(people).where(eq(people.email, email)).limit(1);
  if (!person) return null;
  return (await isPersonLinked(db, person.id)) ? null : person.id;
}

export interface NewMember {
  email: string;
  name?: string | null;
  locale?: Locale;
  role?: MemberRole;
}

export async function addMember(db: Db, actor: Actor, input: NewMember, now = new Date()): Promise<Member> {
  const email = emailSchema.parse(input.email);
  if (await findMemberByEmail(db, email)) throw new MemberError('already-member', `${email} is already a member`);
  const member: Member = {
    id: randomUUID(),
    email,
    displayName: null,
    name: input.name?.trim() || null,
    locale: input.locale ?? 'fr',
    timeZone: null,
    role: input.role ?? 'member',
    status: 'invited',
    slackPersonId: await slackPersonFor(db, email),
    mattermostUserId: null,
    mattermostState: null,
    createdAt: now,
    updatedAt: now,
    lastSignInAt: null,
    renewalInvitedAt: null,
    renewedAt: null,
  };
  await db.insert(members).values(member);
  await recordAudit(db, actor, 'member.added', member.id, { role: member.role, slackPersonId: member.slackPersonId }, now);
  return member;
}

/** Where a member is in the renewal: never invited, sent or handed a link, or renewed. */
export const RENEWAL_STATES = ['not-invited', 'invited', 'renewed'] as const;
export type RenewalState = (typeof RENEWAL_STATES)[number];

export function renewalStateOf(member: Pick<Member, 'renewedAt' | 'renewalInvitedAt'>): RenewalState {
  if (member.renewedAt) return 'renewed';
  return member.renewalInvitedAt ? 'invited' : 'not-invited';
}

const RENEWAL_FILTERS = {
  'not-invited': and(isNull(members.renewedAt), isNull(members.renewalInvitedAt)),
  invited: and(isNull(members.renewedAt), isNotNull(members.renewalInvitedAt)),
  renewed: isNotNull(members.renewedAt),
};

export const MEMBER_STATUSES = ['invited', 'active', 'disabled'] as const satisfies readonly Member['status'][];

export async function listMembers(
  db: Db,
  options: { page: number; pageSize?: number; query?: string; renewal?: RenewalState; status?: Member['status'] },
) {
  const pageSize = options.pageSize ?? 50;
  const filter = and(
    options.query?.trim() ? or(like(members.email, `%${options.query.trim().toLowerCase()}%`), like(members.name, `%${options.query.trim()}%`)) : undefined,
    options.renewal ? RENEWAL_FILTERS[options.renewal] : undefined,
    options.status ? eq(members.status, options.status) : undefined,
  );
  const [items, [total]] = await Promise.all([
    db.select().from(members).where(filter).orderBy(asc(members.email)).limit(pageSize).offset((options.page - 1) * pageSize),
    db.select({ value: count() }).from(members).where(filter),
  ]);
  return { items, total: total?.value ?? 0 };
}

/** Disabling ends every session of the member at once; enabling lets them sign in again. */
export async function setMemberEnabled(db: Db, actor: Actor, memberId: string, enabled: boolean, now = new Date()): Promise<void> {
  const member = await getMember(db, memberId);
  if (!member) throw new MemberError('unknown-member', 'no such member');
  if (!enabled && typeof actor !== 'string' && actor.memberId === memberId) {
    throw new MemberError('own-account', 'administrators cannot disable their own account; ask another administrator');
  }
  const status = enabled ? (member.lastSignInAt ? 'active' : 'invited') : 'disabled';
  await db.update(members).set({ status, updatedAt: now }).where(eq(members.id, memberId));
  if (!enabled) await invalidateMemberSessions(db, memberId);
  await recordAudit(db, actor, enabled ? 'member.enabled' : 'member.disabled', memberId, {}, now);
}

export async function setMemberRole(db: Db, actor: Actor, memberId: string, role: MemberRole, now = new Date()): Promise<void> {
  const member = await getMember(db, memberId);
  if (!member) throw new MemberError('unknown-member', 'no such member');
  if (member.role === role) return;
  if (typeof actor !== 'string' && actor.memberId === memberId && role !== 'admin') {
    throw new MemberError('own-role', 'administrators cannot remove their own role; ask another administrator');
  }
  await db.update(members).set({ role, updatedAt: now }).where(eq(members.id, memberId));
  await recordAudit(db, actor, 'member.role-changed', memberId, { from: member.role, to: role }, now);
}

/** Sets (or clears) which Slack person a member was, when the addresses differ. */
export async function linkSlackPerson(db: Db, actor: Actor, memberId: string, personId: string | null, now = new Date()): Promise<void> {
  if (personId) {
    const [person] = await db.select({ id: people.id }).from(people).where(eq(people.id, personId)).limit(1);
    if (!person) throw new MemberError('unknown-person', `no Slack person ${personId} in the archive`);
    const [taken] = await db.select({ id: members.id }).from(members).where(eq(members.slackPersonId, personId)).limit(1);
    if (taken && taken.id !== memberId) throw new MemberError('person-taken', `Slack person ${personId} is already linked to another member`);
  }
  await db.update(members).set({ slackPersonId: personId, updatedAt: now }).where(eq(members.id, memberId));
  await recordAudit(db, actor, 'member.slack-linked', memberId, { slackPersonId: personId }, now);
}

/** After a successful sign-in: invited members become active. */
export async function markSignedIn(db: Db, member: Member, now = new Date()): Promise<void> {
  await db
    .update(members)
    // The status only when it changes: a plain sign-in writes stamps no page shows (db/content-version.ts).
    .set({ ...(member.status === 'invited' ? { status: 'active' as const } : {}), lastSignInAt: now, updatedAt: now })
    .where(eq(members.id, member.id));
}

/** The zone a member reads dates in; null returns them to the community's. A member's own choice: not audited. */
export async function setMemberTimeZone(db: Db, memberId: string, timeZone: string | null, now = new Date()): Promise<void> {
  if (timeZone !== null && !isTimeZone(timeZone)) throw new MemberError('unknown-time-zone', `unknown time zone: ${timeZone}`);
  await db.update(members).set({ timeZone, updatedAt: now }).where(eq(members.id, memberId));
}
