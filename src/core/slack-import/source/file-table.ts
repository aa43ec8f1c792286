/**
 * The files of an export, numbered from 0 in the order they were listed: names
 * as UTF-8 in one buffer, sizes in one typed array. An export of 5 million
 * messages lists 191,500 files; as a Map of strings (and the layout's arrays
 * of those strings) they held 32 MiB of heap for the whole import, and the list
 * grows with the export where the rest of the import's memory does not. Here
 * they take about 11 MiB, and strings exist only while a file is being handled.
 */
export class FileTable {
  #names = Buffer.alloc(4096);
  #nameEnds = new Uint32Array(256);
  #sizes = new Float64Array(256);
  #count = 0;
  #bytes = 0;

  get count(): number {
    return this.#count;
  }

  /** Adds a file and returns its number. */
  add(name: string, size: number): number {
    const length = Buffer.byteLength(name);
    if (this.#bytes + length > this.#names.length) {
      const grown = Buffer.alloc(Math.max(this.#names.length * 2, this.#bytes + length));
      this.#names.copy(grown, 0, 0, this.#bytes);
      this.#names = grown;
    }
    if (this.#count === this.#sizes.length) {
      this.#nameEnds = grownCopy(this.#nameEnds, new Uint32Array(this.#count * 2));
      this.#sizes = grownCopy(this.#sizes, new Float64Array(this.#count * 2));
    }
    this.#bytes += this.#names.write(name, this.#bytes);
    this.#nameEnds[this.#count] = this.#bytes;
    this.#sizes[this.#count] = size;
    return this.#count++;
  }

  name(file: number): string {
    this.#check(file);
    return this.#names.toString('utf8', this.#start(file), this.#nameEnds[file]);
  }

  /** Uncompressed size in bytes. */
  size(file: number): number {
    this.#check(file);
    return this.#sizes[file]!;
  }

  /**
   * The number of the file with this name. A scan over the bytes: only the few
   * list files (users.json, channels.json…) are looked up by name.
   */
  find(name: string): number | undefined {
    const wanted = Buffer.from(name);
    for (let file = 0; file < this.#count; file++) {
      const start = this.#start(file);
      const end = this.#nameEnds[file]!;
      if (end - start === wanted.length && this.#names.compare(wanted, 0, wanted.length, start, end) === 0) return file;
    }
    return undefined;
  }

  /** File numbers come from this table: another is a bug, not a damaged export. */
  #check(file: number): void {
    if (!Number.isInteger(file) || file < 0 || file >= this.#count) throw new RangeError(`no file number ${file} in an export of ${this.#count} files`);
  }

  #start(file: number): number {
    return file === 0 ? 0 : this.#nameEnds[file - 1]!;
  }
}

function grownCopy<T extends Uint32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
