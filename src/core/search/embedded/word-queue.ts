/**
 * Words handed out one at a time to two threads through shared memory: each
 * takes the next as soon as it is free, so a thread busy with other work (the
 * import's last steps run on the first one) leaves the rest to the other, and
 * both end together whatever each word costs.
 */
export interface WordQueue {
  /** The next word no thread has taken, or undefined once all were taken (or the queue was closed). */
  take(): string | undefined;
  /** No word is handed out after this, to either thread. */
  close(): void;
  /** What a second thread needs to share this queue (structured-clonable). */
  readonly shared: SharedWordQueue;
}

export interface SharedWordQueue {
  words: readonly string[];
  /** Index of the next word to take; past the end once closed. */
  next: Int32Array;
}

/** A queue over `words`, in their order (the costliest first: the last words taken are the cheapest). */
export function createWordQueue(words: readonly string[]): WordQueue {
  return joinWordQueue({ words, next: new Int32Array(new SharedArrayBuffer(4)) });
}

/** The same queue, on another thread. */
export function joinWordQueue(shared: SharedWordQueue): WordQueue {
  const { words, next } = shared;
  return {
    shared,
    take: () => words[Atomics.add(next, 0, 1)],
    close: () => void Atomics.store(next, 0, words.length),
  };
}
