import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { createWordQueue, joinWordQueue } from './word-queue.ts';

describe('a word queue shared by two threads', () => {
  it('hands each word out once, in order, until closed', () => {
    const queue = createWordQueue(['a', 'b', 'c', 'd']);
    const other = joinWordQueue(queue.shared);
    expect([queue.take(), other.take(), queue.take()]).toEqual(['a', 'b', 'c']);
    other.close();
    expect([queue.take(), other.take()]).toEqual([undefined, undefined]);
  });

  it('is the same queue on another thread', async () => {
    const words = Array.from({ length: 2_000 }, (_, i) => `w${i}`);
    const queue = createWordQueue(words);
    // A thread that takes words as fast as it can while this one does too: between them, every word exactly once.
    const worker = new Worker(
      `const { workerData, parentPort } = require('node:worker_threads');
       const taken = []; let i;
       while ((i = Atomics.add(workerData.next, 0, 1)) < workerData.words.length) taken.push(workerData.words[i]);
       parentPort.postMessage(taken);`,
      { eval: true, workerData: queue.shared },
    );
    const there = new Promise<string[]>((resolve) => worker.once('message', resolve));
    const here: string[] = [];
    for (let word = queue.take(); word !== undefined; word = queue.take()) here.push(word);
    const all = [...here, ...(await there)];
    await worker.terminate();
    expect(all.toSorted()).toEqual(words.toSorted());
  });
});
