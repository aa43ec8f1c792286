/**
 * What maps day files, wherever it runs: on a worker thread for a large export
 * (map-worker.ts), or on the importing thread for a small one, where starting a
 * worker would cost more than the mapping (map-pool.ts). Reading, parsing,
 * validating and rendering each file as a stream, from where it lies (the zip or
 * the folder): no day file is ever held whole.
 */
import type { EntrySpec } from '../../search/import-indexing.ts';
import { EntryError } from '../errors.ts';
import type { StoredFile } from '../source/stored-file.ts';
import { mapDayFile } from './map-day-file.ts';
import { packDayFile, type PackedDayFile, type PackedLayout } from '../pack/packed-day-file.ts';
import { renderContextFrom, type RenderNames } from './render-context.ts';
import { searchEntries } from './search-entries.ts';

/** Only what rendering needs: day-file lists and raw channel data stay with the writer. */
export interface MapWorkerData {
  /** Shared, not copied: every worker reads the same tables (name-table.ts). */
  names: RenderNames;
  /** The render context's fingerprint, computed once by the main thread. */
  fingerprint: string;
  layout: PackedLayout;
  /** Set when the search engine indexes at import time: its entries are prepared here, off the writer's thread. */
  entries: EntrySpec | null;
}

export interface MapRequest {
  id: number;
  path: string;
  channelId: string;
  file: StoredFile;
}

/** The writer took a part of request `ack` and is ready for the next one. */
export interface MapAck {
  ack: number;
}

export type MapReply = { id: number; ok: true; packed: PackedDayFile; last: boolean } | { id: number; ok: false; path?: string; message: string; fatal?: boolean };

/** Takes requests and acks as they come; answers each request with its parts, in order, through `post`. */
export function mapHandler({ names, fingerprint, layout, entries }: MapWorkerData, post: (reply: MapReply) => void): (message: MapRequest | MapAck) => void {
  const context = renderContextFrom(names, fingerprint);
  const packing = entries ? searchEntries(entries) : undefined;
  /** Requests in the order they came: one file at a time, so one file's part at most waits in memory. */
  const queue: MapRequest[] = [];
  const acks = new Map<number, () => void>();
  let running = false;

  async function handle({ id, path, channelId, file }: MapRequest): Promise<void> {
    try {
      await mapDayFile(path, file, channelId, context, async (part, last) => {
        // One flat array of values crosses threads far faster than thousands of small objects, or their JSON.
        post({ id, ok: true, packed: packDayFile(part, layout, packing), last });
        // A huge file waits for the writer between parts: its parts never pile up in memory on either side.
        if (!last) await new Promise<void>((resolve) => acks.set(id, resolve));
      });
    } catch (error) {
      if (error instanceof EntryError) post({ id, ok: false, path: error.path, message: error.message });
      else post({ id, ok: false, fatal: true, message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  }

  async function drain(): Promise<void> {
    running = true;
    while (queue.length > 0) await handle(queue.shift()!);
    running = false;
  }

  return (message) => {
    if ('ack' in message) {
      const resume = acks.get(message.ack);
      acks.delete(message.ack);
      resume?.();
      return;
    }
    queue.push(message);
    if (!running) void drain();
  };
}
