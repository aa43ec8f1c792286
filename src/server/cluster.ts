import cluster, { type Worker } from 'node:cluster';
import type { Logger } from '../core/log.ts';

export interface ServingProcesses {
  /** Asks every serving process to finish its requests and end; resolves once all have. */
  stop(): Promise<void>;
}

export interface SuperviseOptions {
  workers: number;
  /** The script each serving process runs. */
  exec: string;
  log: Logger;
  /** When a process could not start serving at all (its own line on stderr says why): the whole server stops. */
  onStartFailure: (code: number) => void;
}

/**
 * The primary's side of serving on several cores: one process per worker
 * shares the listening socket (node:cluster hands connections round-robin).
 * A process that ends after it served is replaced at once; one that could
 * not even start (a port in use, an unbuilt app) would fail the same way
 * again, so the server stops instead of starting it over and over.
 *
 * Each serving process runs `exec` with the primary's arguments and V8 flags.
 */
export function superviseWorkers(options: SuperviseOptions): ServingProcesses {
  const { log } = options;
  const serving = new Set<number>();
  let stopping = false;
  cluster.setupPrimary({ exec: options.exec });

  const start = (): Worker => {
    // Two malloc arenas, not eight per core: libsql's threads otherwise leave each its own arena of freed pages.
    const worker = cluster.fork({ MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2' });
    worker.once('listening', () => {
      serving.add(worker.id);
      log.debug({ worker: worker.id }, 'serving process ready');
    });
    return worker;
  };

  cluster.on('exit', (worker, code, signal) => {
    const served = serving.delete(worker.id);
    if (stopping) return;
    if (!served) {
      log.error({ worker: worker.id, exitCode: code, signal }, 'a serving process could not start: stopping the server');
      stopping = true;
      for (const other of Object.values(cluster.workers ?? {})) other?.process.kill('SIGTERM');
      options.onStartFailure(code || 1);
      return;
    }
    const replace = () => {
      if (stopping) return;
      // The code or signal only: what the process was doing is in its own log lines.
      log.warn({ worker: worker.id, exitCode: code, signal }, 'a serving process ended: starting another');
      start();
    };
    // A clean exit is most often a Ctrl-C reaching every process at once: the primary's own signal follows within a moment.
    if (code === 0) setTimeout(replace, 1000);
    else replace();
  });

  // One first: a port in use or an unbuilt app then fails once, with one line, before the others start.
  start().once('listening', () => {
    for (let index = 1; index < options.workers && !stopping; index++) start();
  });

  return {
    stop() {
      stopping = true;
      const alive = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker !== undefined && !worker.isDead());
      return Promise.all(
        alive.map(
          (worker) =>
            new Promise<void>((resolve) => {
              worker.once('exit', () => resolve());
              // Each process closes its socket and its connections itself (see start.ts).
              worker.process.kill('SIGTERM');
            }),
        ),
      ).then(() => undefined);
    },
  };
}
