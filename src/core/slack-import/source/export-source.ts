import type { FileTable } from './file-table.ts';
import type { StoredFile } from './stored-file.ts';

/**
 * A Slack export read in place, whether a zip or an already-extracted folder.
 * Files are known by number; their names are paths inside the export,
 * "/"-separated, decoded to Unicode and compared in NFC.
 */
export interface ExportSource {
  readonly label: string;
  readonly files: FileTable;
  /** Sum of the uncompressed sizes, for progress estimates. */
  readonly totalBytes: number;
  /** What reading the export's directory found odd but could read past, for the summary. */
  readonly notes?: readonly { item: string; reason: string }[];
  /**
   * Where a file's bytes lie, with its fingerprint: nothing is held in memory,
   * and any thread reads them as a stream (`storedBytes`), a few KiB at a time.
   */
  locate(file: number): Promise<StoredFile>;
  close(): Promise<void>;
}
