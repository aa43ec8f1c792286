/**
 * Loaded into the server by bench:load (`node --import`): every half second, the
 * process's memory split as V8 sees it, appended as one JSON line to the file in
 * PASSERELLE_MEMORY_LOG. RSS minus V8's heap and buffers is native memory (SQLite's
 * page caches, libsql, the allocator's arenas): the split says where to look.
 */
import fs from 'node:fs';
import v8 from 'node:v8';

const file = process.env.PASSERELLE_MEMORY_LOG;
if (file) {
  const timer = setInterval(() => {
    const usage = process.memoryUsage();
    const spaces = Object.fromEntries(
      v8.getHeapSpaceStatistics().map((space) => [space.space_name, Math.round(space.space_size / 2 ** 20)]),
    );
    const mib = (n: number) => Math.round(n / 2 ** 20);
    // Anonymous memory is the process's own; file-backed pages (a mapped database) are the OS's to drop.
    const rollup = fs.existsSync('/proc/self/smaps_rollup') ? fs.readFileSync('/proc/self/smaps_rollup', 'utf8') : '';
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(rollup)?.[1] ?? 0);
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
    };
    fs.appendFileSync(file, `${JSON.stringify(line)}\n`);
  }, 500);
  timer.unref();
}
