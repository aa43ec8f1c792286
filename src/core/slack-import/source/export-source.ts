import type { FileTable } from './file-table.ts';

/**
 * A file's bytes as stored: zip entries stay deflated here so that inflating,
 * the costly part, happens in the worker that parses them (see inflate-file.ts).
 */
export interface ReadFile {
  data: Buffer;
  compression: 'none' | 'deflate';
  /** Uncompressed size and CRC-32 the zip directory promises, checked on inflating. */
  size: number;
  crc32: number | undefined;
  /** Identifies this version of the file: unchanged files are skipped on re-import. */
  fingerprint: string;
}

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
  read(file: number): Promise<ReadFile>;
  close(): Promise<void>;
}
