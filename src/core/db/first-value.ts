import type Libsql from 'libsql';

/**
 * The first column of the first row, or undefined. libsql's synchronous binding
 * ignores pluck mode in `get()` (it returns the whole row object), so single
 * values are read in raw mode.
 */
export function firstValue<T = unknown>(statement: Libsql.Statement, ...args: unknown[]): T | undefined {
  const row = statement.raw().get(...args) as unknown[] | undefined;
  return row?.[0] as T | undefined;
}
