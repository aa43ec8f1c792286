import type Libsql from 'libsql';

export type SqlValue = string | number | null;

/** Rows per statement: past a few dozen, the per-call cost is paid off and larger statements gain nothing. */
export const BULK_ROWS = 64;

/**
 * One INSERT, sent many rows at a time. Each call into libsql's synchronous
 * binding costs about 2 µs whatever it does (measured: a 5-column insert
 * takes 4.7 µs alone, 1.1 µs a row in statements of 64 rows), which for an
 * import of millions of rows is most of the time spent writing.
 *
 * Rows wait in memory until `flush` (or until a statement's worth is
 * buffered): flush before reading what they write, and before the
 * transaction commits.
 */
export class BulkInsert {
  readonly #db: Libsql.Database;
  readonly #head: string;
  readonly #row: string;
  readonly #tail: string;
  readonly #width: number;
  /** Statements by row count: the full one, and the shorter ones that end a flush. */
  readonly #statements = new Map<number, Libsql.Statement>();
  readonly #values: SqlValue[] = [];
  #rows = 0;

  /** `insert`: "INSERT INTO table (a, b)" (or "INSERT OR IGNORE …"); `tail`: what follows the VALUES ("ON CONFLICT …"). */
  constructor(db: Libsql.Database, insert: string, width: number, tail = '') {
    this.#db = db;
    this.#head = `${insert} VALUES `;
    this.#row = `(${Array.from({ length: width }, () => '?').join(', ')})`;
    this.#tail = tail ? ` ${tail}` : '';
    this.#width = width;
  }

  /** Buffers one row: the first `width` values of `values` (copied: callers reuse their array). */
  add(values: readonly SqlValue[]): void {
    for (let i = 0; i < this.#width; i++) this.#values.push(values[i]!);
    if (++this.#rows === BULK_ROWS) this.#send();
  }

  /** Sends what is buffered; returns how many rows the statements changed. */
  flush(): number {
    return this.#rows > 0 ? this.#send() : 0;
  }

  /** Sends `rows` rows now, unbuffered (at most BULK_ROWS); returns how many the statement changed. */
  run(values: readonly SqlValue[], rows: number): number {
    return Number(this.#statement(rows).run(values).changes);
  }

  /** Drops what is buffered (its transaction rolled back). */
  discard(): void {
    this.#values.length = 0;
    this.#rows = 0;
  }

  #send(): number {
    const changes = this.run(this.#values, this.#rows);
    this.discard();
    return changes;
  }

  #statement(rows: number): Libsql.Statement {
    let statement = this.#statements.get(rows);
    if (!statement) {
      statement = this.#db.prepare(this.#head + Array.from({ length: rows }, () => this.#row).join(', ') + this.#tail);
      this.#statements.set(rows, statement);
    }
    return statement;
  }
}
