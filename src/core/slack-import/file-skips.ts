/** A file or record of the export left out, and why: the import summary's lines. */
export interface Skipped {
  item: string;
  reason: string;
}

/** Records of one file named one by one; past them, one line counts the rest. */
export const LISTED_PER_FILE = 20;

/**
 * Names the skipped records of one file: the first LISTED_PER_FILE one by one,
 * the rest counted in one line. A file of millions of broken records is named
 * in a few lines, not millions (they would hold the import's memory, and bury
 * the summary).
 */
export function fileSkips(path: string): { name(line: Skipped, into: Skipped[]): void; rest(): Skipped | null } {
  let listed = 0;
  let unlisted = 0;
  return {
    name(line, into) {
      if (listed < LISTED_PER_FILE) {
        listed += 1;
        into.push(line);
      } else unlisted += 1;
    },
    rest: () => (unlisted === 0 ? null : { item: path, reason: `and ${unlisted} more of its records skipped or replaced like those listed (only its first ${LISTED_PER_FILE} are)` }),
  };
}
