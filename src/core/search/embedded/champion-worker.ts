/**
 * The second thread of a large champion lists' rebuild (champion-rebuild.ts):
 * takes words from the queue it shares with the first thread, computes each
 * one's list on its own read-only connection and hands it back at once; the
 * thread that started it saves them.
 */
import Libsql from 'libsql';
import { parentPort, workerData } from 'node:worker_threads';
import { championListOf } from './champion-lists.ts';
import type { ChampionWorkerData, ChampionWorkerMessage } from './champion-rebuild.ts';
import { joinWordQueue } from './word-queue.ts';

const { file, queue: shared, perWord } = workerData as ChampionWorkerData;
const db = new Libsql(file, { readonly: true });
try {
  const listOf = championListOf(db, perWord);
  const queue = joinWordQueue(shared);
  const send = (message: ChampionWorkerMessage) => parentPort!.postMessage(message);
  for (let word = queue.take(); word !== undefined; word = queue.take()) send({ list: listOf(word) });
  send({ done: true });
} finally {
  db.close();
}
