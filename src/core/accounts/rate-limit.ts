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

/**
 * Counts one event and says whether it is within the limit. Fixed windows kept
 * in the database, so every process serving the site shares them. The subject
 * is hashed by callers when it is personal (an email address).
 */
export async function consumeRateLimit(db: Db, rule: RateLimitRule, subject: string, now = Date.now()): Promise<RateLimitOutcome> {
  const key = `${rule.name}:${subject}`;
  const windowStart = now - (now % rule.windowMs);
  const [row] = await db.all<{ window_start: number; count: number }>(sql`
    INSERT INTO rate_limits (key, window_start, count) VALUES (${key}, ${windowStart}, 1)
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN rate_limits.window_start = excluded.window_start THEN rate_limits.count + 1 ELSE 1 END,
      window_start = excluded.window_start
    RETURNING window_start, count`);
  if (row && row.count > rule.limit) return { allowed: false, retryAt: new Date(row.window_start + rule.windowMs) };
  return { allowed: true };
}

/** Whether the limit is already reached, without counting anything. */
export async function isRateLimited(db: Db, rule: RateLimitRule, subject: string, now = Date.now()): Promise<RateLimitOutcome> {
  const windowStart = now - (now % rule.windowMs);
  const [row] = await db.all<{ count: number }>(
    sql`SELECT count FROM rate_limits WHERE key = ${`${rule.name}:${subject}`} AND window_start = ${windowStart}`,
  );
  if (row && row.count >= rule.limit) return { allowed: false, retryAt: new Date(windowStart + rule.windowMs) };
  return { allowed: true };
}

/** Old windows are useless; they go when a sign-in is requested. */
export async function pruneRateLimits(db: Db, now = Date.now()): Promise<void> {
  await db.run(sql`DELETE FROM rate_limits WHERE window_start < ${now - 24 * 60 * 60 * 1000}`);
}
