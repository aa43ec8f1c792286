const SQLITE_BUSY = /SQLITE_BUSY|database is locked/;

/**
 * For work on libsql's synchronous binding (imports, the embedded search index):
 * another process (the web server signing someone in) may hold the write lock
 * for a moment. Retries with a growing pause, then gives up with the error.
 */
export function retryWhileBusy<T>(work: () => T, attempts = 50): T {
  for (let attempt = 0; ; attempt++) {
    try {
      return work();
    } catch (error) {
      if (attempt >= attempts || !SQLITE_BUSY.test(String((error as Error)?.message))) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20 * (attempt + 1));
    }
  }
}
