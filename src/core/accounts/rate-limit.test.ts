import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempDatabase } from '../../../tests/support/temp-database.ts';
import { consumeRateLimit, isRateLimited, pruneRateLimits, RATE_LIMITS, type RateLimitRule } from './rate-limit.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const RULE: RateLimitRule = { name: 'test:thing', limit: 3, windowMs: 10 * MINUTE };
/** 09:20 UTC: inside the window 09:20–09:30 of RULE and the hour 09:00–10:00. */
const NOW = Date.UTC(2025, 2, 10, 9, 20, 0);
const WINDOW_END = Date.UTC(2025, 2, 10, 9, 30, 0);
const DAY = 24 * HOUR;

describe('rate limits', () => {
  let database: Awaited<ReturnType<typeof openTempDatabase>>;
  beforeEach(async () => {
    database = await openTempDatabase();
  });
  afterEach(() => database.dispose());

  async function consume(times: number, subject = 'subject', now = NOW, rule = RULE) {
    const outcomes = [];
    for (let i = 0; i < times; i++) outcomes.push(await consumeRateLimit(database.db, rule, subject, now));
    return outcomes;
  }

  it('has the limits of the requirements', () => {
    expect(RATE_LIMITS.signInPerAddress).toMatchObject({ limit: 5, windowMs: HOUR });
    expect(RATE_LIMITS.signInPerIp).toMatchObject({ limit: 20, windowMs: HOUR });
    expect(RATE_LIMITS.wrongCodes).toMatchObject({ limit: 5, windowMs: 15 * MINUTE });
    const names = Object.values(RATE_LIMITS).map((rule) => rule.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('allows the limit, then refuses until the oldest event leaves the window', async () => {
    expect(await consume(3)).toEqual([{ allowed: true }, { allowed: true }, { allowed: true }]);
    expect(await consumeRateLimit(database.db, RULE, 'subject', NOW)).toEqual({ allowed: false, retryAt: new Date(NOW + RULE.windowMs) });
  });

  it('names the time the next place opens, and opens it then', async () => {
    for (const at of [NOW, NOW + MINUTE, NOW + 2 * MINUTE]) await consume(1, 'subject', at);
    for (const at of [NOW + 3 * MINUTE, NOW + 9 * MINUTE, NOW + RULE.windowMs - 1]) {
      expect(await consumeRateLimit(database.db, RULE, 'subject', at)).toEqual({ allowed: false, retryAt: new Date(NOW + RULE.windowMs) });
    }
    expect(await consumeRateLimit(database.db, RULE, 'subject', NOW + RULE.windowMs)).toEqual({ allowed: true });
    // The place that opened is taken again; the next opens when the event at NOW + 1 min leaves.
    expect(await consumeRateLimit(database.db, RULE, 'subject', NOW + RULE.windowMs + 1)).toEqual({
      allowed: false,
      retryAt: new Date(NOW + MINUTE + RULE.windowMs),
    });
  });

  it('lets no burst through at a round time: the limit holds over any window', async () => {
    // Three just before 09:30 and three just after were six within two seconds under fixed windows.
    await consume(3, 'subject', WINDOW_END - 1000);
    expect(await consumeRateLimit(database.db, RULE, 'subject', WINDOW_END)).toMatchObject({ allowed: false });
    expect(await consumeRateLimit(database.db, RULE, 'subject', WINDOW_END + 1000)).toMatchObject({ allowed: false });
  });

  it('does not count refused events, so a refusal never pushes the next place back', async () => {
    await consume(3, 'subject', NOW);
    await consume(10, 'subject', NOW + 5 * MINUTE);
    expect(await consumeRateLimit(database.db, RULE, 'subject', NOW + RULE.windowMs + 1)).toEqual({ allowed: true });
  });

  it('keeps separate counts per subject and per rule', async () => {
    await consume(3, 'alice');
    expect(await consumeRateLimit(database.db, RULE, 'alice', NOW)).toMatchObject({ allowed: false });
    expect(await consumeRateLimit(database.db, RULE, 'bob', NOW)).toEqual({ allowed: true });
    const otherRule: RateLimitRule = { ...RULE, name: 'test:other' };
    expect(await consumeRateLimit(database.db, otherRule, 'alice', NOW)).toEqual({ allowed: true });
    // A subject that is a prefix of another is still another subject.
    expect(await consumeRateLimit(database.db, RULE, 'alic', NOW)).toEqual({ allowed: true });
  });

  it('isRateLimited says whether the limit is reached without counting', async () => {
    await consume(2);
    for (let i = 0; i < 10; i++) expect(await isRateLimited(database.db, RULE, 'subject', NOW)).toEqual({ allowed: true });
    // Still two: the checks above counted nothing, so one more is allowed.
    expect(await consumeRateLimit(database.db, RULE, 'subject', NOW)).toEqual({ allowed: true });
    expect(await isRateLimited(database.db, RULE, 'subject', NOW)).toEqual({ allowed: false, retryAt: new Date(NOW + RULE.windowMs) });
    expect(await isRateLimited(database.db, RULE, 'subject', NOW + RULE.windowMs)).toEqual({ allowed: true });
    expect(await isRateLimited(database.db, RULE, 'nobody', NOW)).toEqual({ allowed: true });
  });

  it('prunes events older than a day, longer than any window, and keeps the others', async () => {
    expect(Math.max(...Object.values(RATE_LIMITS).map((rule) => rule.windowMs))).toBeLessThanOrEqual(DAY);
    await consume(1, 'old', NOW - DAY - 1);
    await consume(1, 'recent', NOW - HOUR);
    await pruneRateLimits(database.db, NOW);
    const { rows } = await database.client.execute('SELECT key FROM rate_limit_events ORDER BY key');
    expect(rows.map((row) => row.key)).toEqual(['test:thing:recent']);
  });
});
