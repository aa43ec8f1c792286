/**
 * Worker thread of a large import: mapping day files is CPU work that runs
 * beside the writer, which owns the database on the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { mapHandler, type MapWorkerData } from './map-handler.ts';

parentPort!.on('message', mapHandler(workerData as MapWorkerData, (reply) => parentPort!.postMessage(reply)));
