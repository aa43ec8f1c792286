/** Stops an import before it writes anything: the archive keeps its previous state. */
export class ImportRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportRefusedError';
  }
}

/** One file of the export that cannot be read; the import goes on without it. */
export class EntryError extends Error {
  readonly path: string;
  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = 'EntryError';
    this.path = path;
  }
}
