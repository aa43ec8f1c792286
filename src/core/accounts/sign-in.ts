import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { signInChallenges } from '../db/schema/accounts.ts';
import type { Locale } from '../i18n/index.ts';
import type { DeliveryResult } from '../mail/port.ts';
import { sendMail, type SendMailDeps } from '../mail/send-mail.ts';
import { renderSignInMail } from '../mail/templates/sign-in.ts';
import { recordAudit, type Actor } from './audit.ts';
import { findMemberByEmail, getMember, markSignedIn, MemberError, normalizeEmail, type Member } from './members.ts';
import { consumeRateLimit, isRateLimited, pruneRateLimits, RATE_LIMITS } from './rate-limit.ts';
import { digestsEqual, generateCode, generateToken, hashSecret } from './secrets.ts';

export const SIGN_IN_TTL_MS = 15 * 60 * 1000;
/** Handed over by an operator through another channel (phone, Mattermost): it may take a while to reach the member. */
export const OPERATOR_LINK_TTL_MS = 24 * 60 * 60 * 1000;

export interface SignInDeps {
  db: Db;
  mail: SendMailDeps;
  publicUrl: string;
  communityName: string;
  /** Builds the path of the link page for a locale, e.g. /fr/connexion/lien. */
  linkPath: (locale: Locale) => string;
}

export type SignInRequestOutcome =
  /**
   * `delivery` settles when the provider has answered (null for strangers, who get
   * no mail). Pages never wait on it beyond their fixed answer time and never show
   * its result: a per-address refusal would tell members from strangers.
   */
  | { kind: 'sent'; challengeId: string; delivery: Promise<DeliveryResult | null> }
  | { kind: 'rate-limited'; retryAt: Date };

export type SignInOutcome =
  | { kind: 'signed-in'; member: Member; next: string | null }
  | { kind: 'invalid' }
  | { kind: 'rate-limited'; retryAt: Date };

function linkFor(deps: SignInDeps, locale: Locale, token: string): string {
  return `${deps.publicUrl}${deps.linkPath(locale)}?token=${encodeURIComponent(token)}`;
}

/** Only paths on this site: an open redirect would turn sign-in links into phishing tools. */
export function safeNextPath(next: string | null | undefined): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.includes('\\') || /[\u0000-\u001f]/.test(next)) return null;
  return next;
}

async function createChallenge(db: Db, member: Member, origin: 'email' | 'operator', next: string | null, ttlMs: number, now: number) {
  // A new request invalidates the older ones.
  await db.delete(signInChallenges).where(eq(signInChallenges.memberId, member.id));
  const code = generateCode();
  const token = generateToken(20);
  const id = generateToken(15);
  await db.insert(signInChallenges).values({
    id,
    memberId: member.id,
    codeHash: hashSecret(code),
    linkHash: hashSecret(token),
    next,
    createdAt: new Date(now),
    expiresAt: new Date(now + ttlMs),
    origin,
  });
  return { id, code, token };
}

/**
 * Someone asks to sign in with an address. Members and strangers get the same
 * outcome and a challenge id of the same shape; only members get an email.
 * A refusal by the provider is recorded for administrators (the rescue path is
 * theirs); provider-wide trouble is shown to everyone (see mail/mail-trouble.ts).
 */
export async function requestSignIn(
  deps: SignInDeps,
  input: { email: string; locale: Locale; ip: string; next?: string | null },
  now = Date.now(),
): Promise<SignInRequestOutcome> {
  const email = normalizeEmail(input.email);
  await pruneRateLimits(deps.db, now);
  for (const [rule, subject] of [
    [RATE_LIMITS.signInPerIp, input.ip],
    [RATE_LIMITS.signInPerAddress, hashSecret(email)],
  ] as const) {
    const outcome = await consumeRateLimit(deps.db, rule, subject, now);
    if (!outcome.allowed) return { kind: 'rate-limited', retryAt: outcome.retryAt };
  }
  const member = await findMemberByEmail(deps.db, email);
  if (!member || member.status === 'disabled') return { kind: 'sent', challengeId: generateToken(15), delivery: Promise.resolve(null) };

  const challenge = await createChallenge(deps.db, member, 'email', safeNextPath(input.next), SIGN_IN_TTL_MS, now);
  const delivery = sendSignInMail(deps, member, member.locale ?? input.locale, challenge);
  return { kind: 'sent', challengeId: challenge.id, delivery };
}

/** The sign-in mail, code and link: the one a member asks for, and the one an administrator re-sends. */
function sendSignInMail(deps: SignInDeps, member: Member, locale: Locale, challenge: { code: string; token: string }): Promise<DeliveryResult> {
  const content = renderSignInMail({
    locale,
    communityName: deps.communityName,
    code: challenge.code,
    link: linkFor(deps, locale, challenge.token),
    expiresInMinutes: SIGN_IN_TTL_MS / 60_000,
    publicUrl: deps.publicUrl,
  });
  return sendMail(deps.mail, {
    to: member.email,
    memberId: member.id,
    template: 'sign-in',
    locale,
    stream: 'outbound',
    ...content,
    tag: 'sign-in',
    carriesSecret: true,
  });
}

export type ReinviteOutcome = { kind: 'sent'; delivery: Promise<DeliveryResult> } | { kind: 'rate-limited'; retryAt: Date };

/**
 * An administrator sends a member a fresh sign-in mail (an invitation that was
 * lost or expired). Limited per member, so the button cannot flood an inbox,
 * and audited like every administrator's act on an account.
 */
export async function reinviteMember(deps: SignInDeps, actor: Actor, memberId: string, now = Date.now()): Promise<ReinviteOutcome> {
  const member = await getMember(deps.db, memberId);
  if (!member) throw new MemberError('unknown-member', 'no such member');
  if (member.status === 'disabled') throw new MemberError('disabled', `${member.email} is disabled: enable the member first`);
  const allowed = await consumeRateLimit(deps.db, RATE_LIMITS.reinvitePerMember, member.id, now);
  if (!allowed.allowed) return { kind: 'rate-limited', retryAt: allowed.retryAt };
  const challenge = await createChallenge(deps.db, member, 'email', null, SIGN_IN_TTL_MS, now);
  const delivery = sendSignInMail(deps, member, member.locale, challenge);
  await recordAudit(deps.db, actor, 'member.reinvited', member.id, {}, new Date(now));
  return { kind: 'sent', delivery };
}

/** Marks a challenge used, once: two concurrent attempts cannot both succeed. */
async function useChallenge(db: Db, id: string, now: number): Promise<boolean> {
  const used = await db
    .update(signInChallenges)
    .set({ usedAt: new Date(now) })
    .where(and(eq(signInChallenges.id, id), isNull(signInChallenges.usedAt)))
    .returning({ id: signInChallenges.id });
  return used.length === 1;
}

async function finishSignIn(db: Db, challenge: typeof signInChallenges.$inferSelect, now: number): Promise<SignInOutcome> {
  const member = await getMember(db, challenge.memberId);
  if (!member || member.status === 'disabled' || !(await useChallenge(db, challenge.id, now))) return { kind: 'invalid' };
  // A link handed over by another channel may reach someone else: when it was used is part of the trace.
  if (challenge.origin === 'operator') {
    await recordAudit(db, { memberId: member.id }, 'member.sign-in-link-used', member.id, { issuedAt: challenge.createdAt.toISOString() }, new Date(now));
  }
  await markSignedIn(db, member, new Date(now));
  return { kind: 'signed-in', member: { ...member, status: 'active' }, next: challenge.next };
}

/** The 8-digit code typed on the page the request led to. Wrong codes are counted per challenge. */
export async function verifySignInCode(db: Db, challengeId: string, code: string, now = Date.now()): Promise<SignInOutcome> {
  const limited = await isRateLimited(db, RATE_LIMITS.wrongCodes, challengeId, now);
  if (!limited.allowed) return { kind: 'rate-limited', retryAt: limited.retryAt };
  const [challenge] = await db.select().from(signInChallenges).where(eq(signInChallenges.id, challengeId)).limit(1);
  const valid =
    challenge !== undefined &&
    challenge.usedAt === null &&
    challenge.expiresAt.getTime() > now &&
    digestsEqual(hashSecret(code.replace(/\s+/g, '')), challenge.codeHash);
  if (!valid) {
    await consumeRateLimit(db, RATE_LIMITS.wrongCodes, challengeId, now);
    return { kind: 'invalid' };
  }
  return finishSignIn(db, challenge, now);
}

async function findLinkChallenge(db: Db, token: string, now: number) {
  const [challenge] = await db.select().from(signInChallenges).where(eq(signInChallenges.linkHash, hashSecret(token))).limit(1);
  if (!challenge || challenge.usedAt !== null || challenge.expiresAt.getTime() <= now) return undefined;
  return challenge;
}

/** For the GET of the link page: says whether the button will work, consumes nothing. */
export async function isSignInLinkUsable(db: Db, token: string, now = Date.now()): Promise<boolean> {
  return (await findLinkChallenge(db, token, now)) !== undefined;
}

/** The POST of the link page's button. */
export async function consumeSignInLink(db: Db, token: string, now = Date.now()): Promise<SignInOutcome> {
  const challenge = await findLinkChallenge(db, token, now);
  return challenge ? finishSignIn(db, challenge, now) : { kind: 'invalid' };
}

/**
 * The rescue path for a member whose mail never arrives: an operator gets a
 * one-time link to hand over by another channel. Always audited.
 */
export async function issueOperatorSignInLink(deps: SignInDeps, actor: Actor, email: string, now = Date.now()): Promise<{ link: string; expiresAt: Date }> {
  const member = await findMemberByEmail(deps.db, email);
  if (!member) throw new MemberError('unknown-member', `no member with the address ${normalizeEmail(email)}`);
  if (member.status === 'disabled') throw new MemberError('disabled', `${member.email} is disabled: enable the member first`);
  const challenge = await createChallenge(deps.db, member, 'operator', null, OPERATOR_LINK_TTL_MS, now);
  await recordAudit(deps.db, actor, 'member.sign-in-link-issued', member.id, { expiresAt: new Date(now + OPERATOR_LINK_TTL_MS).toISOString() }, new Date(now));
  return { link: linkFor(deps, member.locale, challenge.token), expiresAt: new Date(now + OPERATOR_LINK_TTL_MS) };
}
