import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';

export interface RateLimitRule {
  /** What is limited, e.g. "sign-in:address"; combined with the subject into the key. */
  name: string;
  limit: number;
  windowMs: number;
}

/** The rules of the sign-in flow, in one place. */
export const RATE_LIMITS = {
  signInPerAddress: { name: 'sign-in:address', limit: 5, windowMs: 60 * 60 * 1000 },
  signInPerIp: { name: 'sign-in:ip', limit: 20, windowMs: 60 * 60 * 1000 },
  wrongCodes: { name: 'sign-in:wrong-code', limit: 5, windowMs: 15 * 60 * 1000 },
  /** Sign-in mails an administrator re-sends to one member. */
  reinvitePerMember: { name: 'reinvite:member', limit: 3, windowMs: 24 * 60 * 60 * 1000 },
} as const satisfies Record<string, RateLimitRule>;

export type RateLimitOutcome = { allowed: true } | { allowed: false; retryAt: Date };

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Counts one event and says whether it is within the limit: at most `limit`
 * events in any `windowMs` before now. A refused event is not counted, so the
 * time it names (when the oldest counted event leaves the window) holds.
 * Counting and recording are one statement, so two processes cannot both take
 * the last place. The subject is hashed by callers when it is personal.
 */
export async function consumeRateLimit(db: Db, rule: RateLimitRule, subject: string, now = Date.now()): Promise<RateLimitOutcome> {
  const key = `${rule.name}:${subject}`;
  const recorded = await db.all<{ at: number }>(sql`
    INSERT INTO rate_limit_events (key, at)
    SELECT ${key}, ${now}
    WHERE (SELECT count(*) FROM rate_limit_events WHERE key = ${key} AND at > ${now - rule.windowMs}) < ${rule.limit}
    RETURNING at`);
  if (recorded.length > 0) return { allowed: true };
  return { allowed: false, retryAt: new Date((await placeOpensAt(db, rule, key, now)) ?? now + rule.windowMs) };
}

/** Whether the limit is already reached, without counting anything. */
export async function isRateLimited(db: Db, rule: RateLimitRule, subject: string, now = Date.now()): Promise<RateLimitOutcome> {
  const opensAt = await placeOpensAt(db, rule, `${rule.name}:${subject}`, now);
  return opensAt === undefined ? { allowed: true } : { allowed: false, retryAt: new Date(opensAt) };
}

/**
 * When the window before now is full, the time a place opens: when the event
 * `limit` places back leaves it. Undefined while fewer events than the limit are in it.
 */
async function placeOpensAt(db: Db, rule: RateLimitRule, key: string, now: number): Promise<number | undefined> {
  const [row] = await db.all<{ at: number }>(sql`
    SELECT at FROM rate_limit_events WHERE key = ${key} AND at > ${now - rule.windowMs}
    ORDER BY at DESC LIMIT 1 OFFSET ${rule.limit - 1}`);
  return row && row.at + rule.windowMs;
}

/** Events older than the longest window are useless; they go when a sign-in is requested. */
export async function pruneRateLimits(db: Db, now = Date.now()): Promise<void> {
  await db.run(sql`DELETE FROM rate_limit_events WHERE at < ${now - DAY_MS}`);
}
