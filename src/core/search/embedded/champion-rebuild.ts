import type Libsql from 'libsql';
import { Worker } from 'node:worker_threads';
import { retryWhileBusy } from '../../db/busy-retry.ts';
import type { Logger } from '../../log.ts';
import { championListOf, championWords, CHAMPIONS_PER_WORD, draftChampionLists, indexChanges, rebuildChampionLists, type ChampionList } from './champion-lists.ts';

/**
 * Champion lists rebuilt on two threads. Nearly all of a rebuild is bm25
 * scoring every match of each word (1.8 µs a match at 5M messages, whatever
 * the page cache: a 5M rebuild took 80 s with 64 MiB of it and 87 s with 128 MiB,
 * 233 and 297 MiB of RSS), one word after another: the words split in two halves of
 * about as many matches, one scored here and one on a second thread with its
 * own connection, run on both cores where the import that precedes it used
 * about one.
 */

/** Below this many matches to score (about 3 s of work at 1M), starting a second thread costs more than it saves. */
export const SHARE_FROM_MATCHES = 4_000_000;

export interface ChampionWorkerData {
  file: string;
  words: string[];
  perWord: number;
  /** Set to 1 by the thread that started it: stop before the next word. */
  stop: Int32Array;
}

export interface SharedRebuildOptions {
  /** The database file the second thread opens. */
  file: string;
  minDocs: number;
  perWord?: number;
  /** SHARE_FROM_MATCHES unless a test asks for the second thread on a small index. */
  shareFrom?: number;
  log?: Logger;
}

/** Computes and saves every list; returns how many words have one. */
export async function rebuildChampionListsShared(db: Libsql.Database, options: SharedRebuildOptions): Promise<number> {
  const perWord = options.perWord ?? CHAMPIONS_PER_WORD;
  const changes = retryWhileBusy(() => indexChanges(db));
  const words = retryWhileBusy(() => championWords(db, options.minDocs));
  if (words.reduce((sum, { docs }) => sum + docs, 0) < (options.shareFrom ?? SHARE_FROM_MATCHES)) return retryWhileBusy(() => rebuildChampionLists(db, options.minDocs, perWord));
  const draft = draftChampionLists(db);
  const listOf = championListOf(db, perWord);
  const [here, there] = halves(words);
  const delivered = new Set<string>();
  // Started first: it runs while this thread scores its own half, and its lists are drafted as they come.
  const helper = listsOnSecondThread({ file: options.file, words: there, perWord }, (list) => {
    draft.add(list);
    delivered.add(list.word);
  });
  try {
    for (const word of here) {
      draft.add(listOf(word));
      // Lets the second thread's lists in between two of this thread's: they never pile up in memory.
      await new Promise((resolve) => setImmediate(resolve));
    }
  } catch (error) {
    // This thread's own failure (the disk full under the draft) is the rebuild's: the second thread stops with it.
    await helper.stop();
    throw error;
  }
  try {
    await helper.done;
  } catch (error) {
    // A thread that cannot start (a bundle without its file) or failed: what it did not hand back is scored here.
    options.log?.warn({ err: error }, 'champion lists: the second thread failed; its words are scored on this one');
    for (const word of there) if (!delivered.has(word)) draft.add(listOf(word));
  }
  retryWhileBusy(() => draft.save({ changes, perWord, minDocs: options.minDocs }));
  return words.length;
}

/** Two halves of about as many matches each: each word, most frequent first, to the lighter half. */
export function halves(words: readonly { word: string; docs: number }[]): [string[], string[]] {
  const split: [string[], string[]] = [[], []];
  const weight = [0, 0];
  for (const { word, docs } of words.toSorted((a, b) => b.docs - a.docs)) {
    const lighter = weight[0]! <= weight[1]! ? 0 : 1;
    split[lighter].push(word);
    weight[lighter]! += docs;
  }
  return split;
}

/** What the second thread hands back: each list as soon as it is computed, then the end. */
export type ChampionWorkerMessage = { list: ChampionList } | { done: true };

interface SecondThread {
  /** Settles once every list was handed over, or rejects (it could not start, failed, or its list could not be drafted). */
  done: Promise<void>;
  stop(): Promise<void>;
}

export function listsOnSecondThread(data: Omit<ChampionWorkerData, 'stop'>, onList: (list: ChampionList) => void): SecondThread {
  // Asked to stop between two words: terminating a thread inside a libsql call aborts the whole process.
  const stop = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(new URL('./champion-worker.ts', import.meta.url), { workerData: { ...data, stop } satisfies ChampionWorkerData });
  const ended = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const halt = () => Atomics.store(stop, 0, 1);
  const done = new Promise<void>((resolve, reject) => {
    worker.on('message', (message: ChampionWorkerMessage) => {
      if (!('list' in message)) return resolve();
      if (Atomics.load(stop, 0) === 1) return;
      try {
        onList(message.list);
      } catch (error) {
        // Thrown from an event handler, it would end the process: it fails the second thread instead.
        halt();
        reject(error);
      }
    });
    worker.once('error', reject);
    // After its end, an exit settles nothing more.
    worker.once('exit', (code) => reject(new Error(`the champion lists' second thread ended (exit code ${code}) before its last list`)));
  });
  // Awaited only by a rebuild that got this far: a failure before then is not left unhandled.
  done.catch(() => undefined);
  return {
    done,
    stop: async () => {
      halt();
      await ended;
    },
  };
}
