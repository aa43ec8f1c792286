import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { EntryError } from '../errors.ts';
import type { StoredFile } from '../source/stored-file.ts';
import type { MapAck, MapRequest, MapWorkerData } from './map-worker.ts';
import type { PackedDayFile } from '../pack/packed-day-file.ts';

type Reply = { id: number; ok: true; packed: PackedDayFile; last: boolean } | { id: number; ok: false; path?: string; message: string; fatal?: boolean };

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

interface Pending {
  worker: Worker;
  arrived: Reply[];
  waiting: { resolve: (part: DayFilePart) => void; reject: (error: Error) => void } | null;
  /** A part was handed over that was not the last: the worker waits for word to go on. */
  owesAck: boolean;
}

function settled(reply: Reply): DayFilePart {
  if (reply.ok) return { packed: reply.packed, last: reply.last };
  if (reply.fatal) throw new Error(reply.message);
  throw new EntryError(reply.path ?? '', reply.message.slice((reply.path ?? '').length + 2));
}

/** Hands day files to worker threads round-robin and gives each one's parts back in order. */
export class MapPool {
  readonly #workers: Worker[];
  readonly #pending = new Map<number, Pending>();
  #nextId = 0;
  #failure: Error | null = null;

  constructor(data: MapWorkerData, size = defaultWorkerCount(), heapMb = WORKER_HEAP_MB) {
    this.#workers = Array.from({ length: size }, () => {
      const worker = new Worker(new URL('./map-worker.ts', import.meta.url), { workerData: data, resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 16 } });
      worker.on('message', (reply: Reply) => this.#arrive(reply));
      worker.on('error', (error) => this.#failAll(error));
      return worker;
    });
  }

  map(path: string, channelId: string, file: StoredFile): DayFileParts {
    const id = this.#nextId++;
    const worker = this.#workers[id % this.#workers.length]!;
    const pending: Pending = { worker, arrived: [], waiting: null, owesAck: false };
    this.#pending.set(id, pending);
    const request: MapRequest = { id, path, channelId, file };
    worker.postMessage(request);
    return {
      next: () => {
        if (pending.owesAck) {
          pending.owesAck = false;
          worker.postMessage({ ack: id } satisfies MapAck);
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

  #arrive(reply: Reply): void {
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    if (pending.waiting) this.#deliver(reply.id, pending, reply);
    else pending.arrived.push(reply);
  }

  #deliver(id: number, pending: Pending, reply: Reply): void {
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
    await Promise.all(this.#workers.map((worker) => worker.terminate()));
  }
}
