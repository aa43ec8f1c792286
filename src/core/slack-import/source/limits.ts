/**
 * Limits that stop a hostile or broken archive before it costs memory or disk.
 * Defaults fit a decade of a large workspace; operators raise them with
 * `import --max-…` flags or the IMPORT_MAX_* environment variables.
 */
export interface ImportLimits {
  /** Entries (files and folders) in the zip or folder. */
  maxEntries: number;
  /** Sum of the uncompressed sizes of all entries, in bytes. */
  maxTotalBytes: number;
  /** Uncompressed size of any single entry, in bytes (every entry is read whole). */
  maxEntryBytes: number;
  /** Uncompressed ÷ compressed size of an entry above which it is treated as a zip bomb. */
  maxCompressionRatio: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxEntries: 1_000_000,
  maxTotalBytes: 50 * 1024 ** 3,
  maxEntryBytes: 512 * 1024 ** 2,
  maxCompressionRatio: 200,
};

/** Entries this small cannot be bombs, however well they compress. */
export const RATIO_EXEMPT_BYTES = 64 * 1024;
