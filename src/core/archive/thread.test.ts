import { describe, expect, it } from 'vitest';
import { openTempDatabase } from '../../../tests/support/temp-database.ts';
import { repliesQuery } from './thread.ts';

describe('a thread’s replies', () => {
  it('are read through the thread index, not by walking the channel', async () => {
    const database = await openTempDatabase();
    try {
      const { sql, params } = repliesQuery(database.db, 'C1', '1700000000.000100').toSQL();
      const plan = (await database.client.execute({ sql: `EXPLAIN QUERY PLAN ${sql}`, args: params as string[] })).rows.map((row) => String(row.detail));
      expect(plan.join('\n')).toContain('USING INDEX messages_thread (channel_id=? AND thread_ts=?)');
    } finally {
      database.dispose();
    }
  });
});
