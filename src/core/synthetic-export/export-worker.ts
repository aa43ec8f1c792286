import { parentPort, workerData } from 'node:worker_threads';
import { writeExport, type ExportJob } from './write-export.ts';

/** Entry point of the thread that writes an export (see generate.ts). */
parentPort?.postMessage(await writeExport(workerData as ExportJob));
