/**
 * npm run bench:import -- --messages 1000000 [--runs 3]
 * Generates (or reuses) a synthetic export under bench/out/, imports it into a
 * fresh store in a child process per run, and prints the median rate and peak RSS.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_OUT, cliFlags, ensureExport, machineLine, median } from './fixtures.ts';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '1' } } });
const messages = Number(values.messages);
const runs = Number(values.runs);
const exportPath = await ensureExport(messages);
const outDir = BENCH_OUT;

const flags = cliFlags();

const loadBefore = os.loadavg()[0]!;
const results: { seconds: number; messages: number; peakRssMb: number; cpuSeconds: number; writerCpuSeconds: number; championSeconds: number }[] = [];
for (let run = 1; run <= runs; run++) {
  const dataDir = fs.mkdtempSync(path.join(outDir, 'store-'));
  try {
    const output = execFileSync(process.execPath, [...flags, path.resolve('bench/import-once.ts'), exportPath, dataDir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    const result = JSON.parse(output.trim().split('\n').at(-1)!);
    results.push(result);
    process.stderr.write(`run ${run}: ${JSON.stringify(result)}\n`);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const rate = median(results.map((r) => r.messages / r.seconds));
console.log(
  [
    `node flags: ${flags.join(' ') || 'none'}`,
    `machine: ${machineLine()}`,
    `export: ${messages} messages (${(fs.statSync(exportPath).size / 1024 ** 2).toFixed(0)} MiB zip)`,
    `import: median ${Math.round(rate)} messages/s over ${runs} run(s); ${median(results.map((r) => r.seconds)).toFixed(1)} s`,
    `peak RSS: ${Math.round(Math.max(...results.map((r) => r.peakRssMb)))} MiB (max over runs)`,
    // A side structure of the search index: its cost is measured against the rest of the import (the issue allows 10 %).
    `champion lists: median ${median(results.map((r) => r.championSeconds)).toFixed(1)} s, ${median(results.map((r) => (100 * r.championSeconds) / (r.seconds - r.championSeconds))).toFixed(1)} % of the import without them`,
    `CPU: median ${median(results.map((r) => r.cpuSeconds / r.seconds)).toFixed(2)} cores busy (all threads' CPU time over wall time)`,
    // CPU time moves less than wall time on a shared machine: it says where the import's work goes.
    `CPU per message: median ${median(results.map((r) => (r.cpuSeconds * 1e6) / r.messages)).toFixed(1)} µs in all, ${median(results.map((r) => (r.writerCpuSeconds * 1e6) / r.messages)).toFixed(1)} µs on the writer's thread`,
    // Other work on the machine slows the import: figures are comparable only at a similar load.
    `load average (1 min): ${loadBefore.toFixed(1)} before, ${os.loadavg()[0]!.toFixed(1)} after`,
  ].join('\n'),
);
