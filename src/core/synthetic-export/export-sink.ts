/** Where the export's files go: a zip archive or a folder. */
export interface ExportSink {
  /** Adds a file; may wait while earlier files are still being written. */
  add(path: string, data: Buffer): Promise<void>;
  /** Finishes the export once every file was added. */
  close(): Promise<void>;
  /** Stops after a failure, leaving whatever was written. */
  abort(): Promise<void>;
}
