/**
 * A second process writing to a Passerelle database, as the web server does,
 * for the backup tests: `node tests/support/audit-writer.ts <db> <batches|hold>`.
 * - batches: writes audit rows five per transaction until killed; a
 *   consistent copy holds whole transactions only (a multiple of five).
 * - hold: writes 50 rows in WAL mode without letting SQLite checkpoint them,
 *   prints "written", and waits to be killed: the rows then live only in
 *   the -wal file beside the database.
 */
import Libsql from 'libsql';

const [file, mode] = process.argv.slice(2);
if (!file || (mode !== 'batches' && mode !== 'hold')) throw new Error('usage: audit-writer.ts <db> <batches|hold>');
const db = new Libsql(file, { timeout: 15_000 });
db.pragma('journal_mode = WAL');
const insert = db.prepare("INSERT INTO audit_log (at, actor, action, details) VALUES (?, 'writer', ?, NULL)");
const transaction = db.transaction((rows: number, action: string) => {
  for (let i = 0; i < rows; i++) insert.run(Date.now(), action);
});

if (mode === 'hold') {
  db.pragma('wal_autocheckpoint = 0');
  transaction(50, 'held');
  process.stdout.write('written\n');
  setInterval(() => {}, 1_000);
} else {
  process.stdout.write('writing\n');
  for (;;) transaction(5, 'batch');
}
