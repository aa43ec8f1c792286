import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempDatabase } from '../../../tests/support/temp-database.ts';
import { listAudit } from '../accounts/audit.ts';
import { getTransferAssessment, recordTransferAssessment, transferAssessmentSchema } from './transfer-assessment.ts';

let database: Awaited<ReturnType<typeof openTempDatabase>>;
beforeEach(async () => {
  database = await openTempDatabase();
});
afterEach(() => database.dispose());

describe('transfer assessment', () => {
  it('is missing until recorded, then remembered and audited with the date it replaced', async () => {
    const db = database.db;
    expect(await getTransferAssessment(db)).toBeNull();
    await recordTransferAssessment(db, { memberId: 'admin-1' }, '2026-10-01', new Date('2026-10-02T12:00:00Z'));
    await recordTransferAssessment(db, { memberId: 'admin-1' }, '2026-11-15', new Date('2026-11-16T12:00:00Z'));
    expect(await getTransferAssessment(db)).toEqual({ assessedOn: '2026-11-15', recordedAt: new Date('2026-11-16T12:00:00Z') });
    const { items } = await listAudit(db, 1);
    expect(items.map((entry) => [entry.action, JSON.parse(entry.details!)])).toEqual([
      ['privacy.transfer-assessment-recorded', { before: '2026-10-01', after: '2026-11-15' }],
      ['privacy.transfer-assessment-recorded', { before: null, after: '2026-10-01' }],
    ]);
  });

  it('takes a real calendar date only', () => {
    expect(transferAssessmentSchema.safeParse({ assessedOn: '2026-11-15' }).success).toBe(true);
    for (const assessedOn of ['', '2026-13-01', '2026-02-30', '15/11/2026']) expect(transferAssessmentSchema.safeParse({ assessedOn }).success, assessedOn).toBe(false);
  });
});
