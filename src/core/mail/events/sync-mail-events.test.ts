import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempDatabase } from '../../../../tests/support/temp-database.ts';
import type { HistoryWindow, MailHistory, SentMessage } from './postmark-history.ts';
import { lastSyncedUntil, syncMailEvents } from './sync-mail-events.ts';

/** A Postmark holding `count` messages spread over a day, answering pages as the API does (its limits enforced). */
function fakeHistory(count: number, options: { events?: boolean } = {}) {
  const start = Date.UTC(2026, 10, 20);
  const sent = Array.from({ length: count }, (_, index) => ({ messageId: `m${index}`, at: start + Math.floor((index * 86_400_000) / count) }));
  const seen = new Set<string>();
  const asked: { from: number; to: number; offset: number; count: number }[] = [];
  const history: MailHistory = {
    async messages(window: HistoryWindow, offset: number, pageSize: number) {
      if (pageSize > 500 || offset + pageSize > 10_000) throw new Error(`paging beyond the documented limits: ${offset}+${pageSize}`);
      asked.push({ from: window.from.getTime(), to: window.to.getTime(), offset, count: pageSize });
      const inWindow = sent.filter((message) => message.at >= window.from.getTime() && message.at <= window.to.getTime()).reverse();
      return { total: inWindow.length, messages: inWindow.slice(offset, offset + pageSize).map((message): SentMessage => ({ messageId: message.messageId, stream: window.stream, metadata: {} })) };
    },
    async eventsOf(message) {
      seen.add(message.messageId);
      if (options.events === false) return [];
      return [{ id: `delivery:${message.messageId}:x@example.org`, kind: 'delivered', providerMessageId: message.messageId, recipient: 'x@example.org', at: new Date(start) }];
    },
    async bounces() {
      return { total: 0, events: [] };
    },
  };
  return { history, asked, seen, window: { from: new Date(start), to: new Date(start + 86_400_000) } };
}

describe('syncMailEvents', () => {
  let database: Awaited<ReturnType<typeof openTempDatabase>>;
  beforeEach(async () => {
    database = await openTempDatabase();
  });
  afterEach(() => database.dispose());

  it('reads every page of 500 and every message once', async () => {
    const { history, asked, window } = fakeHistory(1_203);
    // Each message's events are stored: the count proves none was read twice or skipped.
    const report = await syncMailEvents(database.db, history, { streams: ['outbound'], since: window.from, until: window.to });
    expect(report).toMatchObject({ messagesRead: 1_203, recorded: 1_203 });
    expect(asked.map((page) => page.offset)).toEqual([0, 500, 1_000]);
  });

  it('halves a period holding more than the 10,000 messages one query can page through, and loses none', async () => {
    const { history, asked, seen, window } = fakeHistory(12_001, { events: false });
    await syncMailEvents(database.db, history, { streams: ['outbound'], since: window.from, until: window.to });
    expect(seen.size).toBe(12_001);
    expect(asked.every((page) => page.offset + page.count <= 10_000)).toBe(true);
    expect(new Set(asked.map((page) => page.to)).size).toBeGreaterThan(1);
  });

  it('starts 45 days back the first time, then where the last complete sync ended (less the hours whose events may still come)', async () => {
    const { history, asked } = fakeHistory(3);
    const now = new Date('2026-11-21T12:00:00Z');
    await syncMailEvents(database.db, history, { streams: ['outbound'], now: () => now });
    expect(asked[0]!.from).toBe(now.getTime() - 45 * 86_400_000);
    expect(await lastSyncedUntil(database.db)).toEqual(now);
    const later = new Date('2026-11-22T12:00:00Z');
    await syncMailEvents(database.db, history, { streams: ['outbound'], now: () => later });
    expect(asked.at(-1)!.from).toBe(now.getTime() - 6 * 3_600_000);
    expect(await lastSyncedUntil(database.db)).toEqual(later);
    // Re-reading an older period by hand does not move the mark back.
    await syncMailEvents(database.db, history, { streams: ['outbound'], since: new Date('2026-11-01T00:00:00Z'), until: new Date('2026-11-02T00:00:00Z'), now: () => later });
    expect(await lastSyncedUntil(database.db)).toEqual(later);
  });

  it('marks nothing synced when Postmark fails part-way', async () => {
    const { history } = fakeHistory(700);
    let pages = 0;
    const failing: MailHistory = { ...history, messages: async (...args) => (++pages === 2 ? Promise.reject(new Error('socket hang up')) : history.messages(...args)) };
    await expect(syncMailEvents(database.db, failing, { streams: ['outbound'], now: () => new Date('2026-11-21T12:00:00Z') })).rejects.toThrow('socket hang up');
    expect(await lastSyncedUntil(database.db)).toBeNull();
  });
});
