import { fork, type ChildProcess } from 'node:child_process';
import type { Logger } from '../core/log.ts';

export interface ServingProcesses {
  /** Asks every other serving process to finish its requests and end; resolves once all have. */
  stop(): Promise<void>;
}

export interface SuperviseOptions {
  /** Serving processes in all, this one included. */
  workers: number;
  /** The script each other serving process runs. */
  exec: string;
  log: Logger;
  /** When a process could not start serving at all (its own line on stderr says why): the whole server stops. */
  onStartFailure: (code: number) => void;
}

/** What a serving process tells the one that started it once it listens. */
export const LISTENING_MESSAGE = 'passerelle:listening';

/**
 * Serving on several cores without a process that only supervises: this
 * process serves (as number 1) and runs the background jobs, and starts the
 * others (2, 3…), each listening on the same port (SO_REUSEPORT: the kernel
 * spreads connections among them). A supervisor of its own cost a whole Node
 * process of memory — about 120 MiB of RSS — for jobs that wake up hourly.
 *
 * A process that ends after it served is replaced at once; one that could not
 * even start would fail the same way again, so the server stops instead of
 * starting it over and over. Each ends by itself if this one dies (see
 * serving-process.ts). Each runs `exec` with this process's V8 flags.
 */
export function superviseServingProcesses(options: SuperviseOptions): ServingProcesses {
  const { log } = options;
  const alive = new Set<ChildProcess>();
  let stopping = false;
  let lastNumber = 1;

  const start = (): void => {
    const number = ++lastNumber;
    const child = fork(options.exec, process.argv.slice(2), {
      // Two malloc arenas, not eight per core: libsql's threads otherwise leave each its own arena of freed pages.
      env: { ...process.env, MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2', PASSERELLE_SERVING_NUMBER: String(number) },
    });
    alive.add(child);
    let served = false;
    child.on('message', (message) => {
      if (message !== LISTENING_MESSAGE) return;
      served = true;
      log.debug({ worker: number }, 'serving process ready');
    });
    child.once('exit', (code, signal) => {
      alive.delete(child);
      if (stopping) return;
      if (!served) {
        log.error({ worker: number, exitCode: code, signal }, 'a serving process could not start: stopping the server');
        stopping = true;
        for (const other of alive) other.kill('SIGTERM');
        options.onStartFailure(code || 1);
        return;
      }
      const replace = () => {
        if (stopping) return;
        // The code or signal only: what the process was doing is in its own log lines.
        log.warn({ worker: number, exitCode: code, signal }, 'a serving process ended: starting another');
        start();
      };
      // A clean exit is most often a Ctrl-C reaching every process at once: this one's own signal follows within a moment.
      if (code === 0) setTimeout(replace, 1000);
      else replace();
    });
  };

  for (let index = 1; index < options.workers; index++) start();

  return {
    stop() {
      stopping = true;
      return Promise.all(
        [...alive].map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve();
              child.once('exit', () => resolve());
              // Each process closes its socket and its connections itself (see serve-requests.ts).
              child.kill('SIGTERM');
            }),
        ),
      ).then(() => undefined);
    },
  };
}
