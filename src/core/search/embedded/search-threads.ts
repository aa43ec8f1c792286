import { parentPort, Worker, workerData } from 'node:worker_threads';
import type { Logger } from '../../log.ts';
import { inItsOwnTurn } from '../../own-turn.ts';
import { SearchUnavailableError, type IndexProgress, type SearchEngine, type SearchRequest, type SearchResults } from '../port.ts';
import type { EmbeddedEngineOptions } from './embedded-engine.ts';
import { embeddedImportIndexing } from './import-indexing.ts';

/**
 * The embedded engine on threads of its own. libsql's calls are synchronous:
 * on the serving process's event loop, one search over a common word (tens to
 * hundreds of milliseconds) held every other request of the process, the health
 * check and the load-shedding decision included, while new connections waited
 * unseen in the kernel's queue. Here each thread opens its own read connection
 * (WAL serves many readers) and runs searches one at a time; the event loop
 * only posts requests and receives results.
 *
 * A thread is given a SearchRequest whose access is already resolved by the
 * access policy (readableChannelIds): it searches within it and never decides
 * who may read what. Results come back as plain data.
 */
export interface ThreadedEngineOptions {
  /** What each thread's embedded engine opens (the archive file, the zone, its page cache…); no logger crosses. */
  engine: Omit<EmbeddedEngineOptions, 'log'>;
  threads: number;
  /** The script a thread runs: search-thread.ts (a test gives its own). */
  script: URL | string;
  log?: Logger;
}

type Method = 'search' | 'sync' | 'reindex';

interface Call {
  id: number;
  method: Method;
  request?: SearchRequest;
}

type Answer =
  | { id: number; result: unknown }
  | { id: number; error: { name: string; message: string } }
  | { id: number; progress: IndexProgress }
  | { ready: true };

interface Pending {
  method: Method;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  onProgress?: (progress: IndexProgress) => void;
}

interface Thread {
  worker: Worker;
  pending: Map<number, Pending>;
}

export function createThreadedEngine(options: ThreadedEngineOptions): SearchEngine {
  const { log } = options;
  const threads: Thread[] = [];
  let nextId = 1;
  let closing = false;

  const start = (): Thread => {
    const worker = new Worker(options.script, { workerData: options.engine });
    const thread: Thread = { worker, pending: new Map() };
    worker.on('message', (answer: Answer) => {
      if ('ready' in answer) return;
      const call = thread.pending.get(answer.id);
      if (!call) return;
      if ('progress' in answer) {
        call.onProgress?.(answer.progress);
        return;
      }
      thread.pending.delete(answer.id);
      // Answers read together would otherwise resume their pages in one long task (see own-turn.ts).
      if ('result' in answer) inItsOwnTurn(() => call.resolve(answer.result));
      else call.reject(answer.error.name === 'SearchUnavailableError' ? new SearchUnavailableError(answer.error.message) : new Error(answer.error.message));
    });
    // An uncaught error ends the thread: 'exit' follows and says the rest.
    worker.on('error', (error) => log?.error({ err: error.message }, 'a search thread failed'));
    worker.on('exit', (code) => {
      const at = threads.indexOf(thread);
      if (at >= 0) threads.splice(at, 1);
      // What it had in hand is answered at once: readers see "search unavailable", never a page that waits forever.
      for (const call of thread.pending.values()) call.reject(new SearchUnavailableError(`the search thread ended (exit code ${code})`));
      thread.pending.clear();
      if (closing) return;
      log?.warn({ exitCode: code }, 'a search thread ended: starting another');
      threads.push(start());
    });
    return thread;
  };
  for (let index = 0; index < Math.max(1, options.threads); index++) threads.push(start());

  /** The thread with the fewest calls in hand: a slow search does not hold the ones queued behind another thread. */
  const leastBusy = (): Thread => threads.reduce((best, thread) => (thread.pending.size < best.pending.size ? thread : best));

  const call = <T>(method: Method, request?: SearchRequest, onProgress?: (progress: IndexProgress) => void): Promise<T> => {
    if (closing || threads.length === 0) return Promise.reject(new SearchUnavailableError('the search threads are closed'));
    const thread = leastBusy();
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      thread.pending.set(id, { method, resolve: resolve as (value: unknown) => void, reject, onProgress });
      thread.worker.postMessage({ id, method, request } satisfies Call);
    });
  };

  return {
    name: 'embedded',
    importIndexing: embeddedImportIndexing(options.engine.timeZone),
    search: (request) => call<SearchResults>('search', request),
    sync: (onProgress) => call<number>('sync', undefined, onProgress),
    reindex: (onProgress) => call<number>('reindex', undefined, onProgress),
    async close() {
      closing = true;
      await Promise.all(threads.map((thread) => thread.worker.terminate()));
    },
  };
}

/**
 * A thread's side: opens the engine once from what the pool passed, then answers
 * calls one at a time, in order (the connection serves one statement at a time anyway).
 */
export async function answerOnThisThread(open: (options: Omit<EmbeddedEngineOptions, 'log'>) => SearchEngine | Promise<SearchEngine>): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('answerOnThisThread runs in a worker thread');
  const engine = await open(workerData as Omit<EmbeddedEngineOptions, 'log'>);
  let queue = Promise.resolve();
  port.on('message', (call: Call) => {
    queue = queue.then(async () => {
      try {
        const onProgress = (progress: IndexProgress) => port.postMessage({ id: call.id, progress } satisfies Answer);
        const result =
          call.method === 'search' ? await engine.search(call.request!) : call.method === 'sync' ? await engine.sync(onProgress) : await engine.reindex(onProgress);
        port.postMessage({ id: call.id, result } satisfies Answer);
      } catch (error) {
        const { name, message } = error instanceof Error ? error : new Error(String(error));
        port.postMessage({ id: call.id, error: { name, message } } satisfies Answer);
      }
    });
  });
  port.postMessage({ ready: true } satisfies Answer);
}
