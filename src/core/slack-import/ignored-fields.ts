/**
 * Fields of the export that did not fit what Passerelle reads and were left out
 * of their record. The summary names each field once, with how many times and
 * one example: an old export can miss the same field in every one of its
 * records, and thousands of identical lines would hide what matters.
 */
export interface IgnoredField {
  /** Which kind of file: `channels.json`, `users.json`…, or `day files`. */
  file: string;
  /** Where in the record, arrays written `[]`: `created`, `files[].size`. */
  field: string;
  count: number;
  /** The first record where it happened, and what it held. */
  example: string;
}

export class IgnoredFields {
  readonly #byKey = new Map<string, IgnoredField>();

  note(file: string, field: string, example: string, times = 1): void {
    const key = `${file}\0${field}`;
    const known = this.#byKey.get(key);
    if (known) known.count += times;
    else this.#byKey.set(key, { file, field, count: times, example });
  }

  add(fields: readonly IgnoredField[]): void {
    for (const { file, field, example, count } of fields) this.note(file, field, example, count);
  }

  list(): IgnoredField[] {
    return [...this.#byKey.values()].sort((a, b) => a.file.localeCompare(b.file) || a.field.localeCompare(b.field));
  }
}
