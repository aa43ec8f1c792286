/** SQLite's answers when the disk is full or the database cannot be written (read-only file, mount or connection). */
const CODES = /^SQLITE_(FULL|READONLY|IOERR)/;
const MESSAGES = /database or disk is full|attempt to write a readonly database|disk I\/O error|readonly database/i;

/** True when a write failed because of the storage, not the request: the same request may work once space is back. */
export function isStorageFault(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; current = (current as { cause?: unknown }).cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && CODES.test(code)) return true;
    if (current instanceof Error && MESSAGES.test(current.message)) return true;
  }
  return false;
}
