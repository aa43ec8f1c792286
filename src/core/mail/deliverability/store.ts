import { desc } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { deliverabilityChecks } from '../../db/schema/deliverability.ts';
import { failingChecks, reportPassed, type DeliverabilityReport } from './report.ts';

/** Keeps a check's result with its time; the newest row is the one that counts. */
export async function saveDeliverabilityReport(db: Db, report: DeliverabilityReport, requestedBy: string): Promise<void> {
  const { checkedAt, ...rest } = report;
  await db.insert(deliverabilityChecks).values({
    checkedAt,
    domain: report.domain,
    passed: reportPassed(report),
    failing: JSON.stringify(failingChecks(report)),
    report: JSON.stringify(rest),
    requestedBy,
  });
}

const storedReport = z.object({
  domain: z.string(),
  checks: z.array(z.any()),
  recipients: z.array(z.any()),
  outOfTime: z.boolean(),
});

/** The newest stored report, or null before the first check. */
export async function latestDeliverabilityReport(db: Db): Promise<(DeliverabilityReport & { requestedBy: string }) | null> {
  const [row] = await db.select().from(deliverabilityChecks).orderBy(desc(deliverabilityChecks.checkedAt), desc(deliverabilityChecks.id)).limit(1);
  if (!row) return null;
  const parsed = storedReport.parse(JSON.parse(row.report));
  return { ...(parsed as Omit<DeliverabilityReport, 'checkedAt'>), checkedAt: row.checkedAt, requestedBy: row.requestedBy };
}
