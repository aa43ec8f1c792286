import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit, type Actor } from '../accounts/audit.ts';
import type { Db } from '../db/client.ts';
import { settings } from '../db/schema/meta.ts';

/**
 * Law 25, s. 17: before personal information leaves Québec (Postmark, a
 * Meilisearch or Mattermost hosted elsewhere), the community assesses the
 * communication. Passerelle cannot do the assessment; it remembers when it was
 * done, and the admin area warns while it has not been.
 */

const KEY = 'privacy.transfer-assessment';

export interface TransferAssessment {
  /** The day the assessment was completed (YYYY-MM-DD). */
  assessedOn: string;
  recordedAt: Date;
}

export const transferAssessmentSchema = z.object({
  assessedOn: z
    .string({ error: 'date' })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'date' })
    .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), { error: 'date' }),
});

export async function getTransferAssessment(db: Db): Promise<TransferAssessment | null> {
  const [row] = await db.select().from(settings).where(eq(settings.key, KEY));
  if (!row) return null;
  const parsed = z.object({ assessedOn: z.string() }).safeParse(JSON.parse(row.value));
  return parsed.success ? { assessedOn: parsed.data.assessedOn, recordedAt: row.updatedAt } : null;
}

export async function recordTransferAssessment(db: Db, actor: Actor, assessedOn: string, now = new Date()): Promise<void> {
  const before = await getTransferAssessment(db);
  const value = JSON.stringify({ assessedOn });
  await db.insert(settings).values({ key: KEY, value, updatedAt: now }).onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now } });
  await recordAudit(db, actor, 'privacy.transfer-assessment-recorded', null, { before: before?.assessedOn ?? null, after: assessedOn }, now);
}
