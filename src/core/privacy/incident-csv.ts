import { asc } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { privacyIncidents } from '../db/schema/privacy.ts';
import { csvField } from '../text/csv-field.ts';

/** Column names in English and snake_case, as the other registers' exports: a file to hand to the Commission as is. */
const COLUMNS = [
  'id',
  'occurred_on',
  'occurred_until',
  'discovered_on',
  'description',
  'information_concerned',
  'people_concerned',
  'people_approximate',
  'sensitivity',
  'anticipated_consequences',
  'likelihood',
  'serious_risk',
  'measures_taken',
  'commission_notified_on',
  'people_notified_on',
  'not_notified_reason',
  'recorded_at',
  'updated_at',
] as const;

/** The whole register, oldest first. */
export async function exportIncidentRegisterCsv(db: Db): Promise<string> {
  const rows = await db.select().from(privacyIncidents).orderBy(asc(privacyIncidents.id));
  const lines: string[] = [COLUMNS.join(',')];
  for (const row of rows) {
    const values = [
      String(row.id),
      row.occurredOn,
      row.occurredUntil ?? '',
      row.discoveredOn,
      row.description,
      row.informationConcerned,
      row.peopleConcerned === null ? '' : String(row.peopleConcerned),
      row.peopleApproximate ? 'yes' : 'no',
      row.sensitivity,
      row.anticipatedConsequences,
      row.likelihood,
      row.seriousRisk ? 'yes' : 'no',
      row.measuresTaken,
      row.commissionNotifiedOn ?? '',
      row.peopleNotifiedOn ?? '',
      row.notNotifiedReason ?? '',
      row.createdAt.toISOString(),
      row.updatedAt.toISOString(),
    ];
    lines.push(values.map(csvField).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
