import type { SqlValue } from '../db/bulk-insert.ts';
import type { SearchDocument } from './documents.ts';
import { entryValues } from './embedded/index-entry.ts';
import type { EntrySpec } from './import-indexing.ts';

/** Turns a message's search document into the values of its index entry (EntrySpec.width of them). */
export type EntryPreparer = (document: SearchDocument) => SqlValue[];

/** What an import's worker thread runs for the engine its EntrySpec names. */
export function entryPreparerFor(spec: EntrySpec): EntryPreparer {
  switch (spec.engine) {
    case 'embedded':
      return entryValues;
  }
}
