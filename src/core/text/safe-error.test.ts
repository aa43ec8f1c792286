import { describe, expect, it } from 'vitest';
import { safeError } from './safe-error.ts';

describe('safeError', () => {
  it('keeps the first line and masks addresses', () => {
    const error = new Error('Failed query: SELECT * FROM members WHERE email = ?\nparams: ana@example.org');
    expect(safeError(error)).toEqual({ name: 'Error', message: 'Failed query: SELECT * FROM members WHERE email = ?' });
    expect(safeError(new Error('You tried to send to ana@example.org, inactive')).message).toBe('You tried to send to [address], inactive');
  });
  it('reports SQLite codes from the cause', () => {
    const error = Object.assign(new Error('boom'), { cause: { code: 'SQLITE_BUSY' } });
    expect(safeError(error).code).toBe('SQLITE_BUSY');
  });
});
