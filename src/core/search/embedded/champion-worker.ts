/**
 * The second thread of a large champion lists' rebuild (champion-rebuild.ts):
 * computes its share of the words on its own read-only connection and hands
 * each list back as soon as it is computed; the thread that started it saves them.
 */
import Libsql from 'libsql';
import { parentPort, workerData } from 'node:worker_threads';
import { championListOf } from './champion-lists.ts';
import type { ChampionWorkerData, ChampionWorkerMessage } from './champion-rebuild.ts';

const { file, words, perWord, stop } = workerData as ChampionWorkerData;
const db = new Libsql(file, { readonly: true });
try {
  const listOf = championListOf(db, perWord);
  const send = (message: ChampionWorkerMessage) => parentPort!.postMessage(message);
  for (const word of words) {
    if (Atomics.load(stop, 0) === 1) break;
    send({ list: listOf(word) });
  }
  send({ done: true });
} finally {
  db.close();
}
