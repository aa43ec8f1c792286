/**
 * How far reading and mapping run ahead of the writer. Far enough that the
 * workers keep mapping while the writer commits a group (about 200 ms at 1M
 * messages), and bounded in bytes of day files, because every file mapped ahead
 * waits in memory for its turn. 96 files (about 2.6 MiB at 1M) left the workers
 * idle during each commit and the writer then waited for them (README, "Toward
 * both cores"). In files too, for exports of many tiny day files: each one
 * waiting is a promise and a worker's message.
 */
const READ_AHEAD_LIMITS = { bytes: 12 * 1024 * 1024, files: 1_000 };

/** The day files started and not yet taken by the writer. */
export class ReadAhead {
  readonly #limits: { bytes: number; files: number };
  #bytes = 0;
  #files = 0;

  constructor(limits = READ_AHEAD_LIMITS) {
    this.#limits = limits;
  }

  /** Whether one more file may start: the bound is checked before a file, so one larger than it still goes (alone). */
  mayStart(): boolean {
    return this.#files < this.#limits.files && this.#bytes < this.#limits.bytes;
  }

  started(bytes: number): void {
    this.#files += 1;
    this.#bytes += bytes;
  }

  /** The writer took the oldest file started. */
  taken(bytes: number): void {
    this.#files -= 1;
    this.#bytes -= bytes;
  }
}
