import { randomUUID } from 'node:crypto';
import { and, eq, gt, isNull, ne } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { members } from '../db/schema/accounts.ts';
import { emailChanges } from '../db/schema/email-changes.ts';
import type { Locale } from '../i18n/index.ts';
import { sendMail, type SendMailDeps } from '../mail/send-mail.ts';
import { renderEmailChangeConfirmMail, renderEmailChangedNoticeMail } from '../mail/templates/email-change.ts';
import { recordAudit } from './audit.ts';
import { emailSchema, findMemberByEmail, type Member } from './members.ts';
import { digestsEqual, generateToken, hashSecret } from './secrets.ts';

/** Long enough to open one's mail, short enough for a link that moves an account (ASVS: short-lived). */
export const EMAIL_CHANGE_VALID_MS = 60 * 60 * 1000;

export const profileSchema = z.object({
  name: z.string().trim().max(200),
  displayName: z.string().trim().max(100),
  locale: z.enum(['fr', 'en']),
});
export type ProfileInput = z.infer<typeof profileSchema>;

/** Name, display name and language, as the member corrects them; audited by field name only. */
export async function rectifyProfile(db: Db, member: Member, input: ProfileInput, now = new Date()): Promise<string[]> {
  const next = { name: input.name || null, displayName: input.displayName || null, locale: input.locale };
  const changed = (Object.keys(next) as (keyof typeof next)[]).filter((field) => member[field] !== next[field]);
  if (changed.length === 0) return [];
  await db.update(members).set({ ...next, updatedAt: now }).where(eq(members.id, member.id));
  await recordAudit(db, { memberId: member.id }, 'member.profile-rectified', member.id, { fields: changed }, now);
  return changed;
}

export interface EmailChangeDeps {
  db: Db;
  mail: SendMailDeps;
  publicUrl: string;
  communityName: string;
  contactEmail: string;
  /** The confirmation page for a locale (from PUBLIC_URL), to which `?token=` is added. */
  confirmPath: (locale: Locale) => string;
}

/**
 * Sends the confirming link to the new address. An address another member
 * already has gets the same answer and no mail: the form must not tell a
 * signed-in member who else is a member.
 */
export async function requestEmailChange(deps: EmailChangeDeps, member: Member, newEmail: string, now = new Date()): Promise<'sent' | 'same' | 'invalid'> {
  const parsed = emailSchema.safeParse(newEmail);
  if (!parsed.success) return 'invalid';
  const email = parsed.data;
  if (email === member.email) return 'same';
  await deps.db.delete(emailChanges).where(eq(emailChanges.memberId, member.id));
  await recordAudit(deps.db, { memberId: member.id }, 'member.email-change-requested', member.id, {}, now);
  if (await findMemberByEmail(deps.db, email)) return 'sent';
  const token = generateToken();
  await deps.db.insert(emailChanges).values({ id: randomUUID(), memberId: member.id, newEmail: email, tokenHash: hashSecret(token), createdAt: now, expiresAt: new Date(now.getTime() + EMAIL_CHANGE_VALID_MS) });
  const link = `${deps.publicUrl.replace(/\/+$/, '')}${deps.confirmPath(member.locale)}?token=${encodeURIComponent(token)}`;
  const content = renderEmailChangeConfirmMail({ locale: member.locale, communityName: deps.communityName, link, validMinutes: EMAIL_CHANGE_VALID_MS / 60_000 });
  await sendMail(deps.mail, { to: email, memberId: member.id, template: 'email-change', locale: member.locale, stream: 'outbound', ...content, tag: 'email-change', carriesSecret: true });
  return 'sent';
}

/** Uses the link once: the address changes, the old one is told. Expired, used, replaced or forged: 'invalid'. */
export async function confirmEmailChange(deps: EmailChangeDeps, token: string, now = new Date()): Promise<{ status: 'changed'; memberId: string } | { status: 'invalid' }> {
  const hash = hashSecret(token);
  const [pending] = await deps.db
    .select()
    .from(emailChanges)
    .where(and(eq(emailChanges.tokenHash, hash), isNull(emailChanges.usedAt), gt(emailChanges.expiresAt, now)))
    .limit(1);
  if (!pending || !digestsEqual(hash, pending.tokenHash)) return { status: 'invalid' };
  const [member] = await deps.db.select().from(members).where(eq(members.id, pending.memberId)).limit(1);
  // Taken meanwhile by someone else: the address is theirs now.
  const [taken] = await deps.db.select({ id: members.id }).from(members).where(and(eq(members.email, pending.newEmail), ne(members.id, pending.memberId))).limit(1);
  if (!member || taken) return { status: 'invalid' };
  const used = await deps.db
    .update(emailChanges)
    .set({ usedAt: now })
    .where(and(eq(emailChanges.id, pending.id), isNull(emailChanges.usedAt)))
    .returning({ id: emailChanges.id });
  if (used.length === 0) return { status: 'invalid' };
  await deps.db.update(members).set({ email: pending.newEmail, updatedAt: now }).where(eq(members.id, member.id));
  const domain = (address: string) => address.split('@')[1] ?? '';
  await recordAudit(deps.db, { memberId: member.id }, 'member.email-changed', member.id, { fromDomain: domain(member.email), toDomain: domain(pending.newEmail) }, now);
  const notice = renderEmailChangedNoticeMail({ locale: member.locale, communityName: deps.communityName, newEmail: pending.newEmail, contactEmail: deps.contactEmail });
  await sendMail(deps.mail, { to: member.email, memberId: member.id, template: 'email-changed', locale: member.locale, stream: 'outbound', ...notice, tag: 'email-changed', carriesSecret: false });
  return { status: 'changed', memberId: member.id };
}
