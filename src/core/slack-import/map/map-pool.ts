import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { EntryError } from '../errors.ts';
import type { ReadFile } from '../source/export-source.ts';
import type { MapRequest, MapWorkerData } from './map-worker.ts';
import type { PackedDayFile } from '../pack/packed-day-file.ts';

type Reply = { id: number; ok: true; packed: PackedDayFile } | { id: number; ok: false; path?: string; message: string; fatal?: boolean };

/** One worker per spare core: the main thread is busy writing. */
export function defaultWorkerCount(): number {
  return Math.min(4, Math.max(1, os.availableParallelism() - 1));
}

/** Hands day files to worker threads round-robin and gives each result back as a promise. */
export class MapPool {
  readonly #workers: Worker[];
  readonly #pending = new Map<number, { resolve: (value: PackedDayFile) => void; reject: (error: Error) => void }>();
  #nextId = 0;

  constructor(data: MapWorkerData, size = defaultWorkerCount()) {
    this.#workers = Array.from({ length: size }, () => {
      const worker = new Worker(new URL('./map-worker.ts', import.meta.url), { workerData: data, resourceLimits: { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16 } });
      worker.on('message', (reply: Reply) => this.#settle(reply));
      worker.on('error', (error) => this.#failAll(error));
      return worker;
    });
  }

  map(path: string, channelId: string, file: ReadFile): Promise<PackedDayFile> {
    const id = this.#nextId++;
    const worker = this.#workers[id % this.#workers.length]!;
    // A copy that can be transferred: the source buffer may be a slice of a shared pool.
    const bytes = new Uint8Array(file.data);
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      const request: MapRequest = { id, path, channelId, file: { ...file, data: bytes as Buffer } };
      worker.postMessage(request, [bytes.buffer]);
    });
  }

  #settle(reply: Reply): void {
    const waiting = this.#pending.get(reply.id);
    if (!waiting) return;
    this.#pending.delete(reply.id);
    if (reply.ok) waiting.resolve(reply.packed);
    else if (reply.fatal) waiting.reject(new Error(reply.message));
    else waiting.reject(new EntryError(reply.path ?? '', reply.message.slice((reply.path ?? '').length + 2)));
  }

  #failAll(error: Error): void {
    for (const waiting of this.#pending.values()) waiting.reject(error);
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
