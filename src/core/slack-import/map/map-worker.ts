/**
 * Worker thread of the import: parsing, validating and rendering day files is
 * CPU work that runs beside the writer, which owns the database on the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { EntrySpec } from '../../search/import-indexing.ts';
import { EntryError } from '../errors.ts';
import type { ReadFile } from '../source/export-source.ts';
import type { Conversation } from '../layout/layout.ts';
import { withinDepth } from '../source/json-file.ts';
import { mapDayFile } from './map-day-file.ts';
import { packDayFile, type PackedLayout } from '../pack/packed-day-file.ts';
import { buildRenderContext } from './render-context.ts';
import type { SlackUser } from '../schemas.ts';
import { searchEntries } from './search-entries.ts';

/** Only what rendering needs: day-file lists and raw channel data stay on the main thread. */
export interface MapWorkerData {
  users: SlackUser[];
  conversations: Pick<Conversation, 'id' | 'kind' | 'name'>[];
  layout: PackedLayout;
  /** Set when the search engine indexes at import time: its entries are prepared here, off the writer's thread. */
  entries: EntrySpec | null;
}

export interface MapRequest {
  id: number;
  path: string;
  channelId: string;
  file: ReadFile;
}

const { users, conversations, layout, entries } = workerData as MapWorkerData;
const context = buildRenderContext(users, conversations);
const packing = entries ? searchEntries(entries) : undefined;

parentPort!.on('message', (request: MapRequest) => {
  const bytes = request.file.data;
  const file = { ...request.file, data: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
  try {
    // One flat array of values crosses threads far faster than thousands of small objects, or their JSON.
    parentPort!.postMessage({ id: request.id, ok: true, packed: withinDepth(request.path, () => packDayFile(mapDayFile(request.path, file, request.channelId, context), layout, packing)) });
  } catch (error) {
    if (error instanceof EntryError) parentPort!.postMessage({ id: request.id, ok: false, path: error.path, message: error.message });
    else parentPort!.postMessage({ id: request.id, ok: false, fatal: true, message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
