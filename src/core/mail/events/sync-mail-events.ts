import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { settings } from '../../db/schema/meta.ts';
import type { HistoryWindow, MailHistory } from './postmark-history.ts';
import { recordMailEvent, type MailEvent } from './record-mail-event.ts';

/** The end of the last complete sync: `mail sync` without --since continues from it. */
export const SYNCED_UNTIL = 'mail-sync.until';
/** Postmark keeps messages 45 days by default: a first sync reads all of them. */
const FIRST_SYNC_DAYS = 45;
/**
 * Events come after their message (a delivery seconds later, a deferred bounce
 * hours later): a continuing sync also lists the messages of the hours before
 * it, and storing them again changes nothing.
 */
const LOOKBACK_MS = 6 * 3_600_000;
/** Documented limits of both APIs: count ≤ 500, count + offset ≤ 10,000. */
const PAGE = 500;
const OFFSET_LIMIT = 10_000;

export interface SyncOptions {
  /** Postmark message streams to read (the transactional one and the broadcast one). */
  streams: string[];
  since?: Date;
  until?: Date;
  now?: () => Date;
  onProgress?: (progress: SyncProgress) => void;
}

export interface SyncProgress {
  stream: string;
  messagesRead: number;
  bouncesRead: number;
  recorded: number;
}

export interface SyncReport {
  from: Date;
  to: Date;
  messagesRead: number;
  bouncesRead: number;
  eventsRead: number;
  /** Events not known before this sync. */
  recorded: number;
}

export class SyncWindowError extends Error {}

export async function lastSyncedUntil(db: Db): Promise<Date | null> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, SYNCED_UNTIL));
  return row ? new Date(row.value) : null;
}

/**
 * Reads Postmark's record of a period (the Bounces API, then every message's
 * events) into the same store the webhooks write, so a period the webhooks
 * missed becomes complete. Nothing is marked synced unless the whole period
 * was read: a failure leaves the next run to start from the same place.
 */
export async function syncMailEvents(db: Db, history: MailHistory, options: SyncOptions): Promise<SyncReport> {
  const now = options.now?.() ?? new Date();
  const stored = await lastSyncedUntil(db);
  const from = options.since ?? (stored ? new Date(stored.getTime() - LOOKBACK_MS) : new Date(now.getTime() - FIRST_SYNC_DAYS * 86_400_000));
  const to = options.until ?? now;
  if (!(from.getTime() < to.getTime())) throw new SyncWindowError(`nothing to read: --since (${from.toISOString()}) must come before --until (${to.toISOString()})`);

  const report: SyncReport = { from, to, messagesRead: 0, bouncesRead: 0, eventsRead: 0, recorded: 0 };
  const record = async (events: MailEvent[]) => {
    for (const event of events) {
      report.eventsRead++;
      if ((await recordMailEvent(db, event)).recorded) report.recorded++;
    }
  };
  for (const stream of options.streams) {
    const window = { stream, from, to };
    const tell = () => options.onProgress?.({ stream, messagesRead: report.messagesRead, bouncesRead: report.bouncesRead, recorded: report.recorded });
    // Bounces first: their types are then at hand when a message's events name them.
    for await (const events of pagesOf(window, (part, offset, count) => history.bounces(part, offset, count).then(({ total, events: page }) => ({ total, items: page })))) {
      report.bouncesRead += events.length;
      await record(events);
      tell();
    }
    for await (const messages of pagesOf(window, (part, offset, count) => history.messages(part, offset, count).then(({ total, messages: page }) => ({ total, items: page })))) {
      for (const message of messages) {
        await record(await history.eventsOf(message));
        report.messagesRead++;
        if (report.messagesRead % 50 === 0) tell();
      }
      tell();
    }
  }
  if (!stored || to.getTime() > stored.getTime()) {
    const value = to.toISOString();
    await db.insert(settings).values({ key: SYNCED_UNTIL, value, updatedAt: now }).onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now } });
  }
  return report;
}

type PageReader<T> = (window: HistoryWindow, offset: number, count: number) => Promise<{ total: number; items: T[] }>;

/**
 * Every item of a window, page by page. The APIs serve at most 10,000 items
 * of one query by offset: a busier window is halved until each half fits.
 */
async function* pagesOf<T>(window: HistoryWindow, read: PageReader<T>): AsyncGenerator<T[]> {
  const first = await read(window, 0, PAGE);
  if (first.total > OFFSET_LIMIT) {
    const span = window.to.getTime() - window.from.getTime();
    if (span < 2_000) throw new SyncWindowError(`more than ${OFFSET_LIMIT} items in one second of ${window.stream}: Postmark cannot list them`);
    const middle = new Date(window.from.getTime() + Math.floor(span / 2));
    yield* pagesOf({ ...window, to: middle }, read);
    yield* pagesOf({ ...window, from: middle }, read);
    return;
  }
  yield first.items;
  for (let offset = PAGE; offset < first.total && offset + PAGE <= OFFSET_LIMIT; offset += PAGE) {
    const page = await read(window, offset, PAGE);
    if (page.items.length === 0) break;
    yield page.items;
  }
}
