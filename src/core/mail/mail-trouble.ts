import { and, desc, gt, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { mailMessages } from '../db/schema/mail.ts';
import type { DeliveryErrorKind, MailTransport } from './port.ts';

/** Failures that concern every recipient alike: saying so reveals nothing about anyone. */
export const PROVIDER_TROUBLE = ['unavailable', 'rate-limited', 'misconfigured'] as const satisfies readonly DeliveryErrorKind[];
export type ProviderTrouble = (typeof PROVIDER_TROUBLE)[number];

const RECENT_MS = 10 * 60 * 1000;

/**
 * Whether the mail provider is in trouble right now: the latest message that
 * got an answer in the last ten minutes failed for a reason that is not about
 * its recipient. Shown on the code page to members and strangers alike.
 */
export async function recentMailTrouble(db: Db, now = Date.now()): Promise<ProviderTrouble | null> {
  return (await latestAnswerSays(db, now, RECENT_MS)) ?? null;
}

/** What the latest message answered within the window says of the provider; undefined when none was answered. */
async function latestAnswerSays(db: Db, now: number, windowMs: number): Promise<ProviderTrouble | null | undefined> {
  const [latest] = await db
    .select({ status: mailMessages.status, errorKind: mailMessages.errorKind })
    .from(mailMessages)
    .where(and(inArray(mailMessages.status, ['sent', 'failed']), gt(mailMessages.createdAt, new Date(now - windowMs))))
    .orderBy(desc(mailMessages.createdAt))
    .limit(1);
  if (!latest) return undefined;
  if (latest.status !== 'failed') return null;
  return PROVIDER_TROUBLE.find((kind) => kind === latest.errorKind) ?? null;
}

/** An answer this recent says how the provider is now; older ones may predate an outage. */
const FRESH_MS = 20 * 1000;
/** One question to the provider at most this often, whoever loads the page. */
const PROBE_EVERY_MS = 30 * 1000;

/**
 * Whether the provider is in trouble now, for the page that waits for a code.
 * The last answered message tells, when it is fresh. Otherwise the first
 * person after an outage would be told nothing (their own message is still
 * on its way), so the provider is asked directly — at most every 30 seconds,
 * the same question for members and strangers alike, so nothing about anyone
 * can be read from the answer or its timing.
 */
export function watchMailTrouble(db: Db, transport: Pick<MailTransport, 'checkReachable'>): (now?: number) => Promise<ProviderTrouble | null> {
  let asked: { at: number; answer: Promise<ProviderTrouble | null> } | undefined;
  return async (now = Date.now()) => {
    const fresh = await latestAnswerSays(db, now, FRESH_MS);
    if (fresh !== undefined) return fresh;
    if (!transport.checkReachable) return recentMailTrouble(db, now);
    if (!asked || now - asked.at >= PROBE_EVERY_MS) {
      const answer = transport.checkReachable().then(
        (kind) => PROVIDER_TROUBLE.find((trouble) => trouble === kind) ?? null,
        (): ProviderTrouble => 'unavailable',
      );
      asked = { at: now, answer };
    }
    return asked.answer;
  };
}
