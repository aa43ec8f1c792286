import { desc } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { deliverabilityChecks } from '../../db/schema/deliverability.ts';

export interface DeliverabilityVerdict {
  checkedAt: Date;
  /** Nothing failed and nothing went unchecked (warnings allowed). */
  passed: boolean;
  /** Ids of the checks that failed or could not be checked, e.g. ["dkim", "blocklist:dbl.spamhaus.org"]. */
  failing: string[];
}

const failingIds = z.array(z.string());

/**
 * The newest deliverability check's verdict, or null when none was ever run.
 * How old a verdict may be before sending is the caller's rule.
 */
export async function latestDeliverabilityVerdict(db: Db): Promise<DeliverabilityVerdict | null> {
  const [row] = await db
    .select({ checkedAt: deliverabilityChecks.checkedAt, passed: deliverabilityChecks.passed, failing: deliverabilityChecks.failing })
    .from(deliverabilityChecks)
    .orderBy(desc(deliverabilityChecks.checkedAt), desc(deliverabilityChecks.id))
    .limit(1);
  if (!row) return null;
  return { checkedAt: row.checkedAt, passed: row.passed, failing: failingIds.parse(JSON.parse(row.failing)) };
}
