import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempDatabase } from '../../../tests/support/temp-database.ts';
import { closeDataRequest, DataRequestError, listDataRequests, recordDataRequest } from './data-requests.ts';

const day = (iso: string) => new Date(`${iso}T12:00:00Z`);

describe('requests handled by hand: 30 days to answer', () => {
  let database: Awaited<ReturnType<typeof openTempDatabase>>;
  beforeEach(async () => {
    database = await openTempDatabase();
  });
  afterEach(() => database.dispose());

  it('is due 30 days after it was received, flagged within 7 days and once overdue, until closed with a note', async () => {
    const request = await recordDataRequest(database.db, 'cli', { receivedAt: day('2026-11-01'), kind: 'pseudonymisation', requester: 'Noémie Lapointe (U04P7NLP6ST)' }, day('2026-11-02'));
    expect(request.dueAt.toISOString()).toBe('2026-12-01T12:00:00.000Z');
    const stateOn = async (iso: string) => (await listDataRequests(database.db, day(iso)))[0]!.state;
    expect(await stateOn('2026-11-23')).toBe('open');
    expect(await stateOn('2026-11-24')).toBe('due-soon');
    expect(await stateOn('2026-12-01')).toBe('due-soon');
    expect(await stateOn('2026-12-02')).toBe('overdue');
    await expect(closeDataRequest(database.db, 'cli', request.id, '  ', day('2026-12-02'))).rejects.toThrow(DataRequestError);
    await closeDataRequest(database.db, 'cli', request.id, 'Pseudonymisée depuis sa page', day('2026-12-02'));
    expect(await stateOn('2026-12-03')).toBe('closed');
    await expect(closeDataRequest(database.db, 'cli', request.id, 'encore', day('2026-12-03'))).rejects.toThrow(DataRequestError);
    const audit = await database.client.execute(`SELECT action, details FROM audit_log ORDER BY id`);
    expect(audit.rows.map((row) => row.action)).toEqual(['data-request.recorded', 'data-request.closed']);
    expect(JSON.parse(String(audit.rows[1]!.details))).toEqual({ requestId: request.id, late: true });
  });

  it('lists the most urgent open request first', async () => {
    await recordDataRequest(database.db, 'cli', { receivedAt: day('2026-11-20'), kind: 'access', requester: 'B' }, day('2026-11-21'));
    await recordDataRequest(database.db, 'cli', { receivedAt: day('2026-11-05'), kind: 'other', requester: 'A' }, day('2026-11-21'));
    expect((await listDataRequests(database.db, day('2026-11-30'))).map((request) => [request.requester, request.state])).toEqual([
      ['A', 'due-soon'],
      ['B', 'open'],
    ]);
  });
});
