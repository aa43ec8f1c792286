import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempDatabase } from '../../../../tests/support/temp-database.ts';
import { result } from './check-result.ts';
import type { DeliverabilityReport } from './report.ts';
import { latestDeliverabilityReport, saveDeliverabilityReport } from './store.ts';
import { latestDeliverabilityVerdict } from './verdict.ts';

let database: Awaited<ReturnType<typeof openTempDatabase>>;
beforeEach(async () => {
  database = await openTempDatabase();
});
afterEach(() => database.dispose());

function report(checkedAt: string, checks: DeliverabilityReport['checks']): DeliverabilityReport {
  return { checkedAt: new Date(checkedAt), domain: 'example.org', checks, recipients: [], outOfTime: false };
}

describe('latestDeliverabilityVerdict', () => {
  it('is null before any check', async () => {
    expect(await latestDeliverabilityVerdict(database.db)).toBeNull();
  });

  it('passes when every check passed or only warned', async () => {
    await saveDeliverabilityReport(database.db, report('2026-12-01T10:00:00Z', [result('spf', 'pass', 'spf.ok'), result('dmarc', 'warn', 'dmarc.noRua')]), 'cli');
    expect(await latestDeliverabilityVerdict(database.db)).toEqual({ checkedAt: new Date('2026-12-01T10:00:00Z'), passed: true, failing: [] });
  });

  it('names the checks that failed and those that could not be checked', async () => {
    await saveDeliverabilityReport(
      database.db,
      report('2026-12-01T10:00:00Z', [result('spf', 'fail', 'spf.missing'), result('dkim', 'unknown', 'couldNotCheck'), result('mx', 'pass', 'mx.ok')]),
      'cli',
    );
    expect(await latestDeliverabilityVerdict(database.db)).toMatchObject({ passed: false, failing: ['spf', 'dkim'] });
  });

  it('answers with the newest check, whatever order they were stored in', async () => {
    await saveDeliverabilityReport(database.db, report('2026-12-02T10:00:00Z', [result('spf', 'pass', 'spf.ok')]), 'cli');
    await saveDeliverabilityReport(database.db, report('2026-12-01T10:00:00Z', [result('spf', 'fail', 'spf.missing')]), 'cli');
    expect(await latestDeliverabilityVerdict(database.db)).toMatchObject({ checkedAt: new Date('2026-12-02T10:00:00Z'), passed: true });
    expect((await latestDeliverabilityReport(database.db))?.checks[0]).toMatchObject({ id: 'spf', status: 'pass' });
  });

  it('never passes a report with no checks at all', async () => {
    await saveDeliverabilityReport(database.db, report('2026-12-01T10:00:00Z', []), 'cli');
    expect(await latestDeliverabilityVerdict(database.db)).toMatchObject({ passed: false });
  });
});
