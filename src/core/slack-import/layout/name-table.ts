/**
 * Names by id (people, channels) in two shared buffers: UTF-8 bytes and a
 * sorted index. Every map worker renders mentions from the same memory instead
 * of a copy of its own, and the main thread keeps the table rather than the
 * records it was read from: 117,000 people of a 100 MB users.json take about
 * 5 MB here, against some 20 MB for a Map of their names in each thread.
 */

/** What crosses to the workers: both buffers are shared, never copied. */
export interface NameTable {
  /** `id` then `name` of each entry, UTF-8, one after the other. */
  bytes: SharedArrayBuffer;
  /** Per entry, sorted by id: where its id starts, where its name starts, where its name ends. */
  index: SharedArrayBuffer;
  count: number;
}

const EMPTY: NameTable = { bytes: new SharedArrayBuffer(0), index: new SharedArrayBuffer(0), count: 0 };

/** Collects names as a list streams in; `build` sorts them once at the end. */
export class NameTableBuilder {
  #bytes = Buffer.alloc(64 * 1024);
  #used = 0;
  #spans = new Uint32Array(3 * 1024);
  #count = 0;

  get count(): number {
    return this.#count;
  }

  add(id: string, name: string): void {
    const needed = Buffer.byteLength(id) + Buffer.byteLength(name);
    if (this.#used + needed > this.#bytes.length) {
      const grown = Buffer.alloc(Math.max(this.#bytes.length * 2, this.#used + needed));
      this.#bytes.copy(grown, 0, 0, this.#used);
      this.#bytes = grown;
    }
    if ((this.#count + 1) * 3 > this.#spans.length) {
      const grown = new Uint32Array(this.#spans.length * 2);
      grown.set(this.#spans);
      this.#spans = grown;
    }
    const idStart = this.#used;
    this.#used += this.#bytes.write(id, this.#used);
    const nameStart = this.#used;
    this.#used += this.#bytes.write(name, this.#used);
    this.#spans.set([idStart, nameStart, this.#used], this.#count * 3);
    this.#count += 1;
  }

  /** The table, sorted by id (bytewise). Callers add each id once. */
  build(): NameTable {
    if (this.#count === 0) return EMPTY;
    const data = this.#bytes;
    const spans = this.#spans;
    const order = Array.from({ length: this.#count }, (_, entry) => entry);
    // `x.compare(y)` is the sign of x - y: here, a's id against b's.
    order.sort((a, b) => data.compare(data, spans[b * 3]!, spans[b * 3 + 1]!, spans[a * 3]!, spans[a * 3 + 1]!) || a - b);
    const bytes = new SharedArrayBuffer(this.#used);
    data.copy(Buffer.from(bytes), 0, 0, this.#used);
    const index = new SharedArrayBuffer(this.#count * 3 * Uint32Array.BYTES_PER_ELEMENT);
    const sorted = new Uint32Array(index);
    order.forEach((entry, at) => sorted.set(spans.subarray(entry * 3, entry * 3 + 3), at * 3));
    return { bytes, index, count: this.#count };
  }
}

/** Names looked up lately, kept by each reader: a bound on its memory, whatever the table holds. */
const RECENT_NAMES = 4_096;

/** Reads a table, on any thread: a binary search over the shared index, with a small cache of its own. */
export class NameLookup {
  readonly #bytes: Buffer;
  readonly #index: Uint32Array;
  readonly count: number;
  readonly #recent = new Map<string, string | undefined>();

  constructor(table: NameTable) {
    this.#bytes = Buffer.from(table.bytes);
    this.#index = new Uint32Array(table.index);
    this.count = table.count;
  }

  /** The entry's position in id order, or -1. */
  position(id: string): number {
    const key = Buffer.from(id);
    let low = 0;
    let high = this.count - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      // The entry against the key: below zero, the entry comes first.
      const order = this.#bytes.compare(key, 0, key.length, this.#index[middle * 3]!, this.#index[middle * 3 + 1]!);
      if (order === 0) return middle;
      if (order < 0) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }

  has(id: string): boolean {
    return this.name(id) !== undefined;
  }

  name(id: string): string | undefined {
    // The same few people and channels are mentioned again and again: a search costs more than a Map lookup.
    if (this.#recent.has(id)) return this.#recent.get(id);
    const at = this.position(id);
    const name = at < 0 ? undefined : this.#bytes.toString('utf8', this.#index[at * 3 + 1]!, this.#index[at * 3 + 2]!);
    if (this.#recent.size >= RECENT_NAMES) this.#recent.clear();
    this.#recent.set(id, name);
    return name;
  }

  /** Every entry in id order. */
  *entries(): Generator<[id: string, name: string]> {
    for (let at = 0; at < this.count; at++) {
      const [idStart, nameStart, nameEnd] = this.#index.subarray(at * 3, at * 3 + 3) as unknown as [number, number, number];
      yield [this.#bytes.toString('utf8', idStart, nameStart), this.#bytes.toString('utf8', nameStart, nameEnd)];
    }
  }
}

/** A table of the given entries (tests, small lists). */
export function nameTableOf(entries: Iterable<readonly [string, string]>): NameTable {
  const builder = new NameTableBuilder();
  for (const [id, name] of entries) builder.add(id, name);
  return builder.build();
}
