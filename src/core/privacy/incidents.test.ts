import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempDatabase } from '../../../tests/support/temp-database.ts';
import { listAudit } from '../accounts/audit.ts';
import { exportIncidentRegisterCsv } from './incident-csv.ts';
import { createIncident, getIncident, incidentFormValues, incidentInputSchema, listIncidents, updateIncident } from './incidents.ts';

let database: Awaited<ReturnType<typeof openTempDatabase>>;
beforeEach(async () => {
  database = await openTempDatabase();
});
afterEach(() => database.dispose());

const form = {
  occurredOn: '2026-11-02',
  occurredUntil: '',
  discoveredOn: '2026-11-04',
  description: 'A volunteer mailed the members list to the wrong address.',
  informationConcerned: 'Names and email addresses',
  peopleConcerned: '140',
  sensitivity: 'Low: no health information',
  anticipatedConsequences: 'Unwanted mail',
  likelihood: 'Low: the recipient deleted it',
  seriousRisk: 'no',
  measuresTaken: 'Recipient confirmed deletion in writing.',
  commissionNotifiedOn: '',
  peopleNotifiedOn: '',
  notNotifiedReason: 'No risk of serious injury',
};

function problems(input: Record<string, string>): Record<string, string> {
  const parsed = incidentInputSchema.safeParse(input);
  if (parsed.success) return {};
  // The first problem of each field, as the form shows it.
  return Object.fromEntries(parsed.error.issues.reverse().map((issue) => [String(issue.path[0]), issue.message]));
}

describe('incident register', () => {
  it('takes every field the regulation lists, and reads blank optional fields as unset', () => {
    const input = incidentInputSchema.parse(form);
    expect(input).toMatchObject({ occurredUntil: undefined, peopleConcerned: 140, peopleApproximate: false, seriousRisk: false, commissionNotifiedOn: undefined });
  });

  it('refuses missing facts, impossible dates and a serious risk left unnotified without a reason', () => {
    expect(problems({ ...form, description: '  ', discoveredOn: '2026-02-30' })).toEqual({ description: 'required', discoveredOn: 'date' });
    expect(problems({ ...form, discoveredOn: '2026-11-01' })).toEqual({ discoveredOn: 'discoveredBefore' });
    expect(problems({ ...form, occurredUntil: '2026-11-01' })).toEqual({ occurredUntil: 'periodOrder' });
    expect(problems({ ...form, peopleConcerned: '-3' })).toEqual({ peopleConcerned: 'count' });
    expect(problems({ ...form, seriousRisk: 'yes', notNotifiedReason: '', commissionNotifiedOn: '2026-11-05' })).toEqual({ notNotifiedReason: 'reasonRequired' });
    expect(problems({ ...form, seriousRisk: 'yes', notNotifiedReason: '', commissionNotifiedOn: '2026-11-05', peopleNotifiedOn: '2026-11-06' })).toEqual({});
    expect(problems({ ...form, commissionNotifiedOn: '2026-10-01' })).toEqual({ commissionNotifiedOn: 'notifiedBefore' });
  });

  it('audits the creation, and each edit with the changed fields before and after', async () => {
    const db = database.db;
    const id = await createIncident(db, { memberId: 'admin-1' }, incidentInputSchema.parse(form), new Date('2026-11-04T15:00:00Z'));
    const edited = { ...form, peopleConcerned: '152', peopleApproximate: 'on', measuresTaken: 'Recipient confirmed deletion; list now sent as a link.' };
    expect(await updateIncident(db, { memberId: 'admin-2' }, id, incidentInputSchema.parse(edited), new Date('2026-11-05T10:00:00Z'))).toBe(true);
    // Saving the same values again changes nothing and leaves no trace.
    expect(await updateIncident(db, { memberId: 'admin-2' }, id, incidentInputSchema.parse(edited))).toBe(true);
    expect(await updateIncident(db, { memberId: 'admin-2' }, id + 1, incidentInputSchema.parse(edited))).toBe(false);

    const { items } = await listAudit(db, 1);
    expect(items.map((entry) => [entry.action, entry.actor])).toEqual([
      ['incident.updated', 'admin-2'],
      ['incident.created', 'admin-1'],
    ]);
    expect(JSON.parse(items[0]!.details!)).toEqual({
      incidentId: id,
      before: { peopleConcerned: 140, peopleApproximate: false, measuresTaken: 'Recipient confirmed deletion in writing.' },
      after: { peopleConcerned: 152, peopleApproximate: true, measuresTaken: 'Recipient confirmed deletion; list now sent as a link.' },
    });
    expect(JSON.parse(items[1]!.details!).after).toMatchObject({ description: form.description, peopleConcerned: 140 });

    const stored = (await getIncident(db, id))!;
    expect(stored.updatedAt).toEqual(new Date('2026-11-05T10:00:00Z'));
    expect(incidentFormValues(stored)).toEqual(edited);
    expect((await listIncidents(db)).map((incident) => incident.id)).toEqual([id]);
  });

  it('exports the register as CSV, quoting text and defusing formulas', async () => {
    const db = database.db;
    await createIncident(db, 'cli', incidentInputSchema.parse({ ...form, description: '=HYPERLINK("x"), then "more"\nsecond line' }), new Date('2026-11-04T15:00:00Z'));
    const csv = await exportIncidentRegisterCsv(db);
    const [header, first] = csv.split('\r\n');
    expect(header).toBe(
      'id,occurred_on,occurred_until,discovered_on,description,information_concerned,people_concerned,people_approximate,sensitivity,anticipated_consequences,likelihood,serious_risk,measures_taken,commission_notified_on,people_notified_on,not_notified_reason,recorded_at,updated_at',
    );
    expect(first).toBe(
      `1,2026-11-02,,2026-11-04,"'=HYPERLINK(""x""), then ""more""\nsecond line",Names and email addresses,140,no,Low: no health information,Unwanted mail,Low: the recipient deleted it,no,Recipient confirmed deletion in writing.,,,No risk of serious injury,2026-11-04T15:00:00.000Z,2026-11-04T15:00:00.000Z`,
    );
  });
});
