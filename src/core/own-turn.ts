/**
 * Runs pieces of work one per turn of the event loop, in the order given.
 *
 * libsql answers on the calling thread, so a page whose data is all in SQLite
 * runs from its first byte to its last without the loop turning. Pages started
 * in the same turn (requests read together), or resumed in it (answers of the
 * search thread read together), ran as one long task: up to 290–430 ms at 1M
 * messages (bench/load.ts), which the health check, the refusals of load
 * shedding and new connections waited behind. One a turn, they wait at most
 * for one page.
 */
const waiting: (() => void)[] = [];
let turnScheduled = false;

export function inItsOwnTurn(work: () => void): void {
  waiting.push(work);
  if (!turnScheduled) {
    turnScheduled = true;
    setImmediate(runNext);
  }
}

function runNext(): void {
  const work = waiting.shift()!;
  try {
    work();
  } finally {
    turnScheduled = waiting.length > 0;
    if (turnScheduled) setImmediate(runNext);
  }
}
