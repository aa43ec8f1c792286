import { and, asc, eq, gt, lt } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { members, sessions } from '../db/schema/accounts.ts';
import { isStorageFault } from '../db/storage-fault.ts';
import { digestsEqual, generateToken, hashSecret } from './secrets.ts';

/** Signed out after a week without visits, and after thirty days whatever happens. */
export const SESSION_IDLE_MS = 7 * 24 * 60 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 30 * 24 * 60 * 60 * 1000;
/** Sliding expiry is written at most this often, to keep reads cheap. */
const REFRESH_AFTER_MS = 60 * 60 * 1000;

export type Session = typeof sessions.$inferSelect;
export type Member = typeof members.$inferSelect;

export interface ValidSession {
  session: Session;
  member: Member;
  /** The expiry moved forward: the cookie must follow. */
  extended?: boolean;
}

function expiryFor(createdAt: number, now: number): Date {
  return new Date(Math.min(now + SESSION_IDLE_MS, createdAt + SESSION_ABSOLUTE_MS));
}

/** A new session at each sign-in; the token goes into the cookie and is never stored. */
export async function createSession(db: Db, memberId: string, device: string | null, now = Date.now()): Promise<{ token: string; session: Session }> {
  const id = generateToken(15);
  const secret = generateToken(20);
  const session: Session = {
    id,
    secretHash: hashSecret(secret),
    memberId,
    createdAt: new Date(now),
    lastUsedAt: new Date(now),
    expiresAt: expiryFor(now, now),
    device: device?.slice(0, 120) ?? null,
  };
  await db.insert(sessions).values(session);
  return { token: `${id}.${secret}`, session };
}

/**
 * The session and its member for a cookie's token, or null. Expired sessions are
 * deleted, and a member who is not active (disabled meanwhile) has no session.
 */
export async function validateSessionToken(db: Db, token: string, now = Date.now()): Promise<ValidSession | null> {
  const [id, secret, ...rest] = token.split('.');
  if (!id || !secret || rest.length > 0) return null;
  const [row] = await db.select().from(sessions).innerJoin(members, eq(sessions.memberId, members.id)).where(eq(sessions.id, id)).limit(1);
  if (!row || !digestsEqual(hashSecret(secret), row.sessions.secretHash)) return null;
  const session = row.sessions;
  if (session.expiresAt.getTime() <= now || row.members.status !== 'active') {
    await db.delete(sessions).where(eq(sessions.id, id));
    return null;
  }
  if (now - session.lastUsedAt.getTime() > REFRESH_AFTER_MS) {
    const lastUsedAt = new Date(now);
    const expiresAt = expiryFor(session.createdAt.getTime(), now);
    try {
      await db.update(sessions).set({ lastUsedAt, expiresAt }).where(eq(sessions.id, id));
    } catch (error) {
      // A full disk or a read-only database: the member keeps reading on the session as it was, refreshed another time.
      if (isStorageFault(error)) return { session, member: row.members };
      throw error;
    }
    return { session: { ...session, lastUsedAt, expiresAt }, member: row.members, extended: true };
  }
  return { session, member: row.members };
}

export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

export async function invalidateMemberSessions(db: Db, memberId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.memberId, memberId));
}

/** The member's sessions still alive: expired ones wait for the hourly pruning but are no device anymore. */
export async function listMemberSessions(db: Db, memberId: string, now = Date.now()): Promise<Session[]> {
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.memberId, memberId), gt(sessions.expiresAt, new Date(now))))
    .orderBy(asc(sessions.createdAt));
}

export async function deleteExpiredSessions(db: Db, now = Date.now()): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, new Date(now)));
}

/** "Firefox on Linux": enough for a member to recognise a device, nothing more. */
export function describeDevice(userAgent: string | null): string | null {
  if (!userAgent) return null;
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /Firefox\//.test(userAgent)
      ? 'Firefox'
      : /Chrom(e|ium)\//.test(userAgent)
        ? 'Chrome'
        : /Safari\//.test(userAgent)
          ? 'Safari'
          : 'Browser';
  const system = /Android/.test(userAgent)
    ? 'Android'
    : /iPhone|iPad/.test(userAgent)
      ? 'iOS'
      : /Windows/.test(userAgent)
        ? 'Windows'
        : /Mac OS X/.test(userAgent)
          ? 'macOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : 'unknown system';
  return `${browser} · ${system}`;
}
