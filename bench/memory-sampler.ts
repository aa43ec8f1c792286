/**
 * Loaded into the server by bench:load (`node --import`): every half second, the
 * process's memory split as V8 sees it, appended as one JSON line to the file in
 * PASSERELLE_MEMORY_LOG. RSS minus V8's heap and buffers is native memory (SQLite's
 * page caches, libsql, the allocator's arenas): the split says where to look.
 *
 * With it, what the process's clock saw in the same half second: the event loop's
 * longest delay (while it is held, no request is even read, /healthz included) and
 * the server's own time per request, from its first byte read to its last byte written
 * (a client's latency adds the wait before that: the kernel's queue of connections).
 */
import diagnostics from 'node:diagnostics_channel';
import fs from 'node:fs';
import type http from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import v8 from 'node:v8';
import { isMainThread } from 'node:worker_threads';

const file = process.env.PASSERELLE_MEMORY_LOG;
// Worker threads (the search threads) load it too: one sampler per process, on its event loop.
if (file && isMainThread) {
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const started = new WeakMap<http.IncomingMessage, number>();
  let serverTimes: number[] = [];
  diagnostics.subscribe('http.server.request.start', (message) => {
    started.set((message as { request: http.IncomingMessage }).request, performance.now());
  });
  diagnostics.subscribe('http.server.response.finish', (message) => {
    const { request } = message as { request: http.IncomingMessage };
    const at = started.get(request);
    if (at !== undefined) serverTimes.push(performance.now() - at);
  });
  const timer = setInterval(() => {
    const usage = process.memoryUsage();
    const spaces = Object.fromEntries(
      v8.getHeapSpaceStatistics().map((space) => [space.space_name, Math.round(space.space_size / 2 ** 20)]),
    );
    const mib = (n: number) => Math.round(n / 2 ** 20);
    // Anonymous memory is the process's own; file-backed pages (a mapped database) are the OS's to drop.
    const rollup = fs.existsSync('/proc/self/smaps_rollup') ? fs.readFileSync('/proc/self/smaps_rollup', 'utf8') : '';
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(rollup)?.[1] ?? 0);
    const times = serverTimes.sort((a, b) => a - b);
    serverTimes = [];
    const line = {
      at: Date.now(),
      // With several serving processes each one samples itself into the same file.
      pid: process.pid,
      anonymous: Math.round(kib('Anonymous') / 1024),
      fileBacked: Math.round((kib('Rss') - kib('Anonymous')) / 1024),
      rss: mib(usage.rss),
      heapTotal: mib(usage.heapTotal),
      heapUsed: mib(usage.heapUsed),
      external: mib(usage.external),
      arrayBuffers: mib(usage.arrayBuffers),
      spaces,
      loopDelayMaxMs: Math.round(loopDelay.max / 1e6),
      requests: times.length,
      serverMs: times.map((ms) => Math.round(ms)),
    };
    loopDelay.reset();
    fs.appendFileSync(file, `${JSON.stringify(line)}\n`);
  }, 500);
  timer.unref();
}
