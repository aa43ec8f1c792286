import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { EntryError } from '../errors.ts';
import type { StoredFile } from '../source/stored-file.ts';
import { mapHandler, type MapAck, type MapReply, type MapRequest, type MapWorkerData } from './map-handler.ts';
import type { PackedDayFile } from '../pack/packed-day-file.ts';

export interface DayFilePart {
  packed: PackedDayFile;
  /** The file's last part; a file of ordinary size has only this one. */
  last: boolean;
}

/**
 * A day file's parts as the worker maps them, in order. Asking for the next part
 * lets the worker go on: it maps a huge file one part ahead of the writer, never more.
 */
export interface DayFileParts {
  next(): Promise<DayFilePart>;
}

/** Worker heap: parts are bounded, so this holds any file; raising it is never the fix for a large file. */
const WORKER_HEAP_MB = 96;

/** One worker per spare core: the main thread is busy writing. */
export function defaultWorkerCount(): number {
  return Math.min(4, Math.max(1, os.availableParallelism() - 1));
}

/**
 * Day files up to this size in all are mapped on the importing thread: a worker
 * spends about a second of CPU loading its modules before its first file, more
 * than mapping this much takes (a fuzz mutant of 150 messages: 0.9 s with a worker).
 */
export const IN_THREAD_MAX_BYTES = 4 * 1024 * 1024;

/** Where a request goes: a worker thread, or the handler itself on this thread. */
interface MapPort {
  postMessage(message: MapRequest | MapAck): void;
  terminate(): Promise<unknown>;
}

interface Pending {
  arrived: MapReply[];
  waiting: { resolve: (part: DayFilePart) => void; reject: (error: Error) => void } | null;
  /** A part was handed over that was not the last: the worker waits for word to go on. */
  owesAck: boolean;
}

function settled(reply: MapReply): DayFilePart {
  if (reply.ok) return { packed: reply.packed, last: reply.last };
  if (reply.fatal) throw new Error(reply.message);
  throw new EntryError(reply.path ?? '', reply.message.slice((reply.path ?? '').length + 2));
}

/**
 * Hands day files to worker threads round-robin (or, for `dayFileBytes` up to
 * IN_THREAD_MAX_BYTES, to this thread) and gives each one's parts back in order.
 */
export class MapPool {
  readonly #workers: Worker[];
  readonly #ports: MapPort[];
  readonly #pending = new Map<number, Pending>();
  #nextId = 0;
  #failure: Error | null = null;

  constructor(data: MapWorkerData, dayFileBytes: number, size = defaultWorkerCount(), heapMb = WORKER_HEAP_MB) {
    const inThread = dayFileBytes <= IN_THREAD_MAX_BYTES;
    this.#workers = Array.from({ length: inThread ? 0 : size }, () => {
      const worker = new Worker(new URL('./map-worker.ts', import.meta.url), { workerData: data, resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 16 } });
      worker.on('message', (reply: MapReply) => this.#arrive(reply));
      worker.on('error', (error) => this.#failAll(error));
      return worker;
    });
    if (!inThread) this.#ports = this.#workers;
    else {
      const handle = mapHandler(data, (reply) => this.#arrive(reply));
      this.#ports = [{ postMessage: handle, terminate: async () => {} }];
    }
  }

  map(path: string, channelId: string, file: StoredFile): DayFileParts {
    const id = this.#nextId++;
    const port = this.#ports[id % this.#ports.length]!;
    const pending: Pending = { arrived: [], waiting: null, owesAck: false };
    this.#pending.set(id, pending);
    const request: MapRequest = { id, path, channelId, file };
    port.postMessage(request);
    return {
      next: () => {
        if (pending.owesAck) {
          pending.owesAck = false;
          port.postMessage({ ack: id } satisfies MapAck);
        }
        return new Promise<DayFilePart>((resolve, reject) => {
          if (this.#failure) return reject(this.#failure);
          pending.waiting = { resolve, reject };
          const reply = pending.arrived.shift();
          if (reply) this.#deliver(id, pending, reply);
        });
      },
    };
  }

  #arrive(reply: MapReply): void {
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    if (pending.waiting) this.#deliver(reply.id, pending, reply);
    else pending.arrived.push(reply);
  }

  #deliver(id: number, pending: Pending, reply: MapReply): void {
    const waiting = pending.waiting!;
    pending.waiting = null;
    if (!reply.ok || reply.last) this.#pending.delete(id);
    else pending.owesAck = true;
    try {
      waiting.resolve(settled(reply));
    } catch (error) {
      waiting.reject(error as Error);
    }
  }

  #failAll(error: Error): void {
    this.#failure = error;
    for (const pending of this.#pending.values()) pending.waiting?.reject(error);
    this.#pending.clear();
  }

  /** Resolves once every worker runs, or rejects with the reason one could not start. */
  ready(): Promise<void> {
    return Promise.all(
      this.#workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            worker.once('online', () => resolve());
            worker.once('error', reject);
          }),
      ),
    ).then(() => undefined);
  }

  async close(): Promise<void> {
    await Promise.all(this.#ports.map((port) => port.terminate()));
  }
}
