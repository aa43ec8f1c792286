import type Libsql from 'libsql';
import { Worker } from 'node:worker_threads';
import { retryWhileBusy } from '../../db/busy-retry.ts';
import type { Logger } from '../../log.ts';
import { championListOf, championWords, CHAMPIONS_PER_WORD, draftChampionLists, indexChanges, rebuildChampionLists, type ChampionList } from './champion-lists.ts';
import { createWordQueue, joinWordQueue, type SharedWordQueue } from './word-queue.ts';

/**
 * Champion lists rebuilt on two threads. Nearly all of a rebuild is bm25
 * scoring every match of each word (1.8 µs a match at 5M messages, whatever
 * the page cache: a 5M rebuild took 80 s with 64 MiB of it and 87 s with 128 MiB,
 * 233 and 297 MiB of RSS), one word after another: a second thread with its
 * own connection scores words beside this one, each taking the next word as
 * soon as it is free (word-queue.ts). An import starts the rebuild while it
 * finishes its own last steps on this thread (channel statistics, the author
 * index): the second thread then takes most words, and the import's steps
 * and the lists share the two cores instead of following one another.
 */

/** Below this many matches to score (about 3 s of work at 1M), starting a second thread costs more than it saves. */
export const SHARE_FROM_MATCHES = 4_000_000;

export interface ChampionWorkerData {
  file: string;
  queue: SharedWordQueue;
  perWord: number;
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

export interface SharedRebuild {
  /** Words with a list. */
  words: number;
  /** Of those, the lists the second thread computed. */
  second: number;
}

/** Computes and saves every list. */
export async function rebuildChampionListsShared(db: Libsql.Database, options: SharedRebuildOptions): Promise<SharedRebuild> {
  const perWord = options.perWord ?? CHAMPIONS_PER_WORD;
  const changes = retryWhileBusy(() => indexChanges(db));
  const words = retryWhileBusy(() => championWords(db, options.minDocs));
  if (words.reduce((sum, { docs }) => sum + docs, 0) < (options.shareFrom ?? SHARE_FROM_MATCHES))
    return { words: retryWhileBusy(() => rebuildChampionLists(db, options.minDocs, perWord)), second: 0 };
  const draft = draftChampionLists(db);
  const listOf = championListOf(db, perWord);
  // The most frequent first: the last words taken are the cheapest, so both threads end about together.
  const queue = createWordQueue(words.map(({ word }) => word));
  const drafted = new Set<string>();
  const add = (list: ChampionList) => {
    draft.add(list);
    drafted.add(list.word);
  };
  let second = 0;
  // Started first: it runs while this thread scores, and its lists are drafted as they come.
  const helper = listsOnSecondThread({ file: options.file, queue: queue.shared, perWord }, (list) => {
    add(list);
    second++;
  });
  try {
    for (let word = queue.take(); word !== undefined; word = queue.take()) {
      add(listOf(word));
      // Lets the second thread's lists and the import's own steps in between two of this thread's words.
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
    // A thread that cannot start (a bundle without its file) or failed: the words it took and did not hand back are scored here.
    options.log?.warn({ err: error }, 'champion lists: the second thread failed; its words are scored on this one');
    for (const { word } of words) if (!drafted.has(word)) add(listOf(word));
  }
  retryWhileBusy(() => draft.save({ changes, perWord, minDocs: options.minDocs }));
  return { words: words.length, second };
}

/** What the second thread hands back: each list as soon as it is computed, then the end. */
export type ChampionWorkerMessage = { list: ChampionList } | { done: true };

interface SecondThread {
  /** Settles once every list was handed over, or rejects (it could not start, failed, or its list could not be drafted). */
  done: Promise<void>;
  /** Closes the queue, so it takes no more word, and waits for its end. */
  stop(): Promise<void>;
}

export function listsOnSecondThread(data: ChampionWorkerData, onList: (list: ChampionList) => void): SecondThread {
  const worker = new Worker(new URL('./champion-worker.ts', import.meta.url), { workerData: data });
  const ended = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  // Asked to stop between two words, by closing the queue: terminating a thread inside a libsql call aborts the whole process.
  const queue = joinWordQueue(data.queue);
  /** Once stopped or failed, lists still on their way are dropped. */
  let closed = false;
  const done = new Promise<void>((resolve, reject) => {
    worker.on('message', (message: ChampionWorkerMessage) => {
      if (!('list' in message)) return resolve();
      if (closed) return;
      try {
        onList(message.list);
      } catch (error) {
        // Thrown from an event handler, it would end the process: it fails the second thread instead.
        closed = true;
        queue.close();
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
      closed = true;
      queue.close();
      await ended;
    },
  };
}
