/**
 * npm run bench:import -- --messages 1000000 [--runs 3] [--lists-cost]
 * Generates (or reuses) a synthetic export under bench/out/, imports it into a
 * fresh store in a child process per run, and prints the median rate and peak RSS.
 * With --lists-cost, each run imports the export twice, without the champion
 * lists then with them, and prints what the lists add to the import's time.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_OUT, cliFlags, ensureExport, machineLine, median } from './fixtures.ts';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '1' }, 'lists-cost': { type: 'boolean', default: false } } });
const messages = Number(values.messages);
const runs = Number(values.runs);
const exportPath = await ensureExport(messages);
const outDir = BENCH_OUT;

const flags = cliFlags();

const loadBefore = os.loadavg()[0]!;
type Result = { seconds: number; lastStepsSeconds: number; messages: number; peakRssMb: number; cpuSeconds: number; writerCpuSeconds: number; championSeconds: number };
const results: Result[] = [];
/** Imports without champion lists, each just before the import with them it is compared to (--lists-cost). */
const without: Result[] = [];

function importOnce(label: string, extra: string[]): Result {
  const dataDir = fs.mkdtempSync(path.join(outDir, 'store-'));
  try {
    const output = execFileSync(process.execPath, [...flags, path.resolve('bench/import-once.ts'), exportPath, dataDir, ...extra], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    const result = JSON.parse(output.trim().split('\n').at(-1)!) as Result;
    process.stderr.write(`${label}: ${JSON.stringify(result)}\n`);
    return result;
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

for (let run = 1; run <= runs; run++) {
  if (values['lists-cost']) without.push(importOnce(`run ${run} without champion lists`, ['--without-champion-lists']));
  results.push(importOnce(`run ${run}`, []));
}

const signed = (value: number) => `${value >= 0 ? '+' : ''}${value.toFixed(1)}`;
const rate = median(results.map((r) => r.messages / r.seconds));
console.log(
  [
    `node flags: ${flags.join(' ') || 'none'}`,
    `machine: ${machineLine()}`,
    `export: ${messages} messages (${(fs.statSync(exportPath).size / 1024 ** 2).toFixed(0)} MiB zip)`,
    `import: median ${Math.round(rate)} messages/s over ${runs} run(s); ${median(results.map((r) => r.seconds)).toFixed(1)} s`,
    `peak RSS: ${Math.round(Math.max(...results.map((r) => r.peakRssMb)))} MiB (max over runs)`,
    // A side structure of the search index, built beside the import's last steps: what it adds is the import's time with it
    // against the same import without it (the issue allows 10 %).
    `champion lists: median ${median(results.map((r) => r.championSeconds)).toFixed(1)} s to build, begun once the day files are written`,
    ...(without.length > 0
      ? [
          `champion lists' cost: median ${signed(median(results.map((r, i) => (100 * (r.seconds - without[i]!.seconds)) / without[i]!.seconds)))} % of the import's time (${without.map((r, i) => `${r.seconds.toFixed(1)} s → ${results[i]!.seconds.toFixed(1)} s`).join(', ')})`,
          // The day files are written by the same code in both: the lists' work is in the steps after the last one, and
          // comparing those leaves out how much the writing itself varies from one import to the next.
          `  in the last steps after the day files: median ${signed(median(results.map((r, i) => (100 * (r.lastStepsSeconds - without[i]!.lastStepsSeconds)) / without[i]!.seconds)))} % of the import's time (${without.map((r, i) => `${r.lastStepsSeconds.toFixed(1)} s → ${results[i]!.lastStepsSeconds.toFixed(1)} s`).join(', ')})`,
        ]
      : []),
    `CPU: median ${median(results.map((r) => r.cpuSeconds / r.seconds)).toFixed(2)} cores busy (all threads' CPU time over wall time)`,
    // CPU time moves less than wall time on a shared machine: it says where the import's work goes.
    `CPU per message: median ${median(results.map((r) => (r.cpuSeconds * 1e6) / r.messages)).toFixed(1)} µs in all, ${median(results.map((r) => (r.writerCpuSeconds * 1e6) / r.messages)).toFixed(1)} µs on the writer's thread`,
    // Other work on the machine slows the import: figures are comparable only at a similar load.
    `load average (1 min): ${loadBefore.toFixed(1)} before, ${os.loadavg()[0]!.toFixed(1)} after`,
  ].join('\n'),
);
