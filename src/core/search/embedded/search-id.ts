/**
 * Ids of the embedded index grow with time, so that FTS5's rowid order is
 * chronological: "newest first" is a reverse rowid walk and a date filter is a
 * rowid range, both answered inside FTS5.
 *
 * id = microseconds since the epoch × 2 + a slot for two channels sharing the
 * same instant (further ones take the next free id). It stays below 2^53, so
 * JavaScript numbers hold it exactly, until the year 2112.
 */
const SLOTS = 2;

export function baseSearchId(ts: string): number {
  const [seconds = '0', micros = '0'] = ts.split('.');
  return (Number(seconds) * 1_000_000 + Number(micros.padEnd(6, '0').slice(0, 6))) * SLOTS;
}

/** The first id at or after an instant in milliseconds: a bound for rowid ranges. */
export function searchIdAtMs(ms: number): number {
  return ms * 1000 * SLOTS;
}

/** The instant in milliseconds an id was given for (its slot dropped). */
export function msAtSearchId(id: number): number {
  return Math.floor(id / (1000 * SLOTS));
}
