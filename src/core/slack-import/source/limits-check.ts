import { quoteName } from './entry-name.ts';
import { ImportRefusedError } from '../errors.ts';
import { RATIO_EXEMPT_BYTES, type ImportLimits } from './limits.ts';

/** 512 B, 64.0 KiB, 1.5 GiB: small test limits and real ones both read well. */
function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** Counts entries and bytes as an export's directory is read, refusing at the first limit crossed. */
export class LimitTracker {
  #entries = 0;
  #totalBytes = 0;
  readonly limits: ImportLimits;

  constructor(limits: ImportLimits) {
    this.limits = limits;
  }

  get totalBytes(): number {
    return this.#totalBytes;
  }

  countEntry(name: string, uncompressed: number, compressed?: number): void {
    const { maxEntries, maxEntryBytes, maxTotalBytes, maxCompressionRatio } = this.limits;
    this.#entries += 1;
    if (this.#entries > maxEntries) {
      throw new ImportRefusedError(`more than ${maxEntries} entries (limit --max-entries / IMPORT_MAX_ENTRIES); refusing this archive`);
    }
    if (uncompressed > maxEntryBytes) {
      throw new ImportRefusedError(
        `entry ${quoteName(name)} would be ${formatBytes(uncompressed)} uncompressed, over the ${formatBytes(maxEntryBytes)} limit (--max-entry-bytes / IMPORT_MAX_ENTRY_BYTES)`,
      );
    }
    this.#totalBytes += uncompressed;
    if (this.#totalBytes > maxTotalBytes) {
      throw new ImportRefusedError(
        `the archive would exceed ${formatBytes(maxTotalBytes)} uncompressed (limit --max-total-bytes / IMPORT_MAX_TOTAL_BYTES); refusing this archive`,
      );
    }
    if (compressed !== undefined && uncompressed > RATIO_EXEMPT_BYTES) {
      const ratio = compressed === 0 ? Infinity : uncompressed / compressed;
      if (ratio > maxCompressionRatio) {
        throw new ImportRefusedError(
          `entry ${quoteName(name)} expands ${ratio === Infinity ? 'without bound' : `${Math.round(ratio)}×`}, over the ${maxCompressionRatio}× limit (--max-compression-ratio / IMPORT_MAX_RATIO): this looks like a zip bomb`,
        );
      }
    }
  }
}
