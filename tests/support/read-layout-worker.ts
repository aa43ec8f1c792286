/** Reads an export's layout on a thread of its own, whose heap the test limits, and posts what it found. */
import { parentPort, workerData } from 'node:worker_threads';
import { readExportLayout } from '../../src/core/slack-import/layout/layout.ts';
import { openExportSource } from '../../src/core/slack-import/source/open-export-source.ts';
import { DEFAULT_IMPORT_LIMITS } from '../../src/core/slack-import/source/limits.ts';

const source = await openExportSource(workerData as string, DEFAULT_IMPORT_LIMITS);
const layout = await readExportLayout(source);
await source.close();
parentPort!.postMessage({ users: layout.names.people.count, conversations: layout.conversations.length, skipped: layout.skipped.length });
