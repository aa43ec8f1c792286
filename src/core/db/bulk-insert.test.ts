import Libsql from 'libsql';
import { describe, expect, it } from 'vitest';
import { BULK_ROWS, BulkInsert } from './bulk-insert.ts';

function table() {
  const db = new Libsql(':memory:');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)');
  const count = () => (db.prepare('SELECT count(*) FROM t').raw().get() as [number])[0];
  return { db, count };
}

describe('BulkInsert', () => {
  it('sends a statement each time a full one is buffered, and the rest at flush', () => {
    const { db, count } = table();
    const rows = new BulkInsert(db, 'INSERT INTO t (id, name)', 2);
    for (let id = 1; id < BULK_ROWS; id++) rows.add([id, `n${id}`]);
    expect(count()).toBe(0);
    rows.add([BULK_ROWS, 'full']);
    expect(count()).toBe(BULK_ROWS);
    rows.add([BULK_ROWS + 1, 'a']);
    rows.add([BULK_ROWS + 2, 'b']);
    expect(rows.flush()).toBe(2);
    expect(rows.flush()).toBe(0);
    expect(db.prepare('SELECT name FROM t WHERE id > ? ORDER BY id').pluck().all(BULK_ROWS)).toEqual(['a', 'b']);
  });

  it('copies each row (the caller reuses its array)', () => {
    const { db } = table();
    const rows = new BulkInsert(db, 'INSERT INTO t (id, name)', 2);
    const row: (string | number)[] = [0, ''];
    for (const [id, name] of [
      [1, 'un'],
      [2, 'deux'],
    ] as const) {
      row[0] = id;
      row[1] = name;
      rows.add(row);
    }
    rows.flush();
    expect(db.prepare('SELECT id, name FROM t ORDER BY id').raw().all()).toEqual([
      [1, 'un'],
      [2, 'deux'],
    ]);
  });

  it('forgets what a rolled-back transaction buffered', () => {
    const { db, count } = table();
    const rows = new BulkInsert(db, 'INSERT INTO t (id, name)', 2);
    rows.add([1, 'gone']);
    rows.discard();
    rows.add([2, 'kept']);
    rows.flush();
    expect(count()).toBe(1);
  });

  it('counts the rows a statement changed, so ignored ones can be found', () => {
    const { db } = table();
    db.exec("INSERT INTO t VALUES (2, 'taken')");
    const rows = new BulkInsert(db, 'INSERT OR IGNORE INTO t (id, name)', 2);
    expect(rows.run([1, 'a', 2, 'b', 3, 'c'], 3)).toBe(2);
  });
});
