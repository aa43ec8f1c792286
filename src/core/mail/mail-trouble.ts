import { and, desc, gt, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { mailMessages } from '../db/schema/mail.ts';
import type { DeliveryErrorKind } from './port.ts';

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
  const [latest] = await db
    .select({ status: mailMessages.status, errorKind: mailMessages.errorKind })
    .from(mailMessages)
    .where(and(inArray(mailMessages.status, ['sent', 'failed']), gt(mailMessages.createdAt, new Date(now - RECENT_MS))))
    .orderBy(desc(mailMessages.createdAt))
    .limit(1);
  if (latest?.status !== 'failed') return null;
  return PROVIDER_TROUBLE.find((kind) => kind === latest.errorKind) ?? null;
}
