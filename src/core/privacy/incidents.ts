import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit, type Actor } from '../accounts/audit.ts';
import type { Db } from '../db/client.ts';
import { privacyIncidents } from '../db/schema/privacy.ts';

/**
 * The confidentiality incident register (Law 25, s. 3.8; Regulation respecting
 * confidentiality incidents, s. 11). Administrators write it as the facts
 * become known; each change lands in the audit log with what it was before.
 */

export type Incident = typeof privacyIncidents.$inferSelect;

const day = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'date' })
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), { error: 'date' });
const optionalDay = z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), day.optional());
const text = (max: number) => z.string({ error: 'required' }).trim().min(1, { error: 'required' }).max(max, { error: 'tooLong' });
const optionalText = (max: number) => z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), z.string().trim().max(max, { error: 'tooLong' }).optional());
const checkbox = z.preprocess((value) => value === 'on' || value === 'true' || value === true, z.boolean());

/**
 * The register's fields as the form sends them. Errors are keys of the form's
 * messages ("required", "date", …) so the page can say them in either language.
 */
export const incidentInputSchema = z
  .object({
    occurredOn: day,
    occurredUntil: optionalDay,
    discoveredOn: day,
    description: text(5000),
    informationConcerned: text(2000),
    peopleConcerned: z.preprocess(
      (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
      z.coerce.number({ error: 'count' }).int({ error: 'count' }).min(0, { error: 'count' }).max(100_000_000, { error: 'count' }).optional(),
    ),
    peopleApproximate: checkbox,
    sensitivity: text(2000),
    anticipatedConsequences: text(2000),
    likelihood: text(2000),
    seriousRisk: z.enum(['yes', 'no'], { error: 'required' }).transform((value) => value === 'yes'),
    measuresTaken: text(5000),
    commissionNotifiedOn: optionalDay,
    peopleNotifiedOn: optionalDay,
    notNotifiedReason: optionalText(2000),
  })
  .superRefine((input, context) => {
    if (input.occurredUntil && input.occurredUntil < input.occurredOn) context.addIssue({ code: 'custom', path: ['occurredUntil'], message: 'periodOrder' });
    if (input.discoveredOn < input.occurredOn) context.addIssue({ code: 'custom', path: ['discoveredOn'], message: 'discoveredBefore' });
    for (const field of ['commissionNotifiedOn', 'peopleNotifiedOn'] as const) {
      const notified = input[field];
      if (notified && notified < input.discoveredOn) context.addIssue({ code: 'custom', path: [field], message: 'notifiedBefore' });
    }
    // A risk of serious injury obliges notifying both, promptly: a missing notice needs its reason in the register.
    if (input.seriousRisk && (!input.commissionNotifiedOn || !input.peopleNotifiedOn) && !input.notNotifiedReason) {
      context.addIssue({ code: 'custom', path: ['notNotifiedReason'], message: 'reasonRequired' });
    }
  });

export type IncidentInput = z.output<typeof incidentInputSchema>;

/** The register's columns an administrator writes, each with a stored value (null for empty). */
function storedFields(input: IncidentInput) {
  return {
    occurredOn: input.occurredOn,
    occurredUntil: input.occurredUntil ?? null,
    discoveredOn: input.discoveredOn,
    description: input.description,
    informationConcerned: input.informationConcerned,
    peopleConcerned: input.peopleConcerned ?? null,
    peopleApproximate: input.peopleApproximate,
    sensitivity: input.sensitivity,
    anticipatedConsequences: input.anticipatedConsequences,
    likelihood: input.likelihood,
    seriousRisk: input.seriousRisk,
    measuresTaken: input.measuresTaken,
    commissionNotifiedOn: input.commissionNotifiedOn ?? null,
    peopleNotifiedOn: input.peopleNotifiedOn ?? null,
    notNotifiedReason: input.notNotifiedReason ?? null,
  };
}
type StoredFields = ReturnType<typeof storedFields>;

export async function createIncident(db: Db, actor: Actor, input: IncidentInput, now = new Date()): Promise<number> {
  const fields = storedFields(input);
  const [row] = await db
    .insert(privacyIncidents)
    .values({ ...fields, createdBy: typeof actor === 'string' ? actor : actor.memberId, createdAt: now, updatedAt: now })
    .returning({ id: privacyIncidents.id });
  await recordAudit(db, actor, 'incident.created', null, { incidentId: row!.id, after: fields }, now);
  return row!.id;
}

/** Saves an edit; the audit entry holds the changed fields before and after. False when there is no such incident. */
export async function updateIncident(db: Db, actor: Actor, id: number, input: IncidentInput, now = new Date()): Promise<boolean> {
  const current = await getIncident(db, id);
  if (!current) return false;
  const fields = storedFields(input);
  const before: Partial<StoredFields> = {};
  const after: Partial<StoredFields> = {};
  for (const key of Object.keys(fields) as (keyof StoredFields)[]) {
    if (current[key] !== fields[key]) {
      Object.assign(before, { [key]: current[key] });
      Object.assign(after, { [key]: fields[key] });
    }
  }
  if (Object.keys(after).length === 0) return true;
  await db.update(privacyIncidents).set({ ...fields, updatedAt: now }).where(eq(privacyIncidents.id, id));
  await recordAudit(db, actor, 'incident.updated', null, { incidentId: id, before, after }, now);
  return true;
}

export async function getIncident(db: Db, id: number): Promise<Incident | undefined> {
  const [row] = await db.select().from(privacyIncidents).where(eq(privacyIncidents.id, id));
  return row;
}

/** Newest first. */
export async function listIncidents(db: Db): Promise<Incident[]> {
  return db.select().from(privacyIncidents).orderBy(desc(privacyIncidents.discoveredOn), desc(privacyIncidents.id));
}

/** An incident as the edit form shows it again: strings, empty for unset. */
export function incidentFormValues(incident: Incident): Record<string, string> {
  return {
    occurredOn: incident.occurredOn,
    occurredUntil: incident.occurredUntil ?? '',
    discoveredOn: incident.discoveredOn,
    description: incident.description,
    informationConcerned: incident.informationConcerned,
    peopleConcerned: incident.peopleConcerned === null ? '' : String(incident.peopleConcerned),
    peopleApproximate: incident.peopleApproximate ? 'on' : '',
    sensitivity: incident.sensitivity,
    anticipatedConsequences: incident.anticipatedConsequences,
    likelihood: incident.likelihood,
    seriousRisk: incident.seriousRisk ? 'yes' : 'no',
    measuresTaken: incident.measuresTaken,
    commissionNotifiedOn: incident.commissionNotifiedOn ?? '',
    peopleNotifiedOn: incident.peopleNotifiedOn ?? '',
    notNotifiedReason: incident.notNotifiedReason ?? '',
  };
}
