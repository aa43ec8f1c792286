/**
 * npm run bench:large-import [-- --only day|users|channels] [--huge]
 * Exports each holding one huge file, generated as a stream under bench/out/:
 * a 200 MB day file, a 100 MB users.json, a 200 MB channels.json; with --huge,
 * also a 2 GB export with a 300 MB day file and a 100 MB users.json (check
 * `df -h` first: it needs about 2 GB of disk for the export and as much for the
 * store). Each is imported into a fresh store in a child process started with
 * the CLI's V8 flags, and the peak RSS (limit: 512 MiB) and time are printed.
 * Exports and stores are deleted afterwards.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_OUT, cliFlags, machineLine } from './fixtures.ts';
import { RSS_LIMIT_MIB } from './large-damage.ts';
import { writeLargeExport, type LargeExportSizes } from './large-export.ts';

const MB = 1000 ** 2;

const CASES: Record<string, LargeExportSizes> = {
  day: { dayFileBytes: 200 * MB, usersBytes: 64 * 1024, channelsBytes: 1000 },
  users: { dayFileBytes: 1024 * 1024, usersBytes: 100 * MB, channelsBytes: 1000 },
  channels: { dayFileBytes: 1024 * 1024, usersBytes: 64 * 1024, channelsBytes: 200 * MB },
  huge: { dayFileBytes: 300 * MB, usersBytes: 100 * MB, channelsBytes: 1000, fillerBytes: 1600 * MB },
};

const { values } = parseArgs({ options: { only: { type: 'string' }, huge: { type: 'boolean', default: false } } });
const names = values.only ? [values.only] : ['day', 'users', 'channels', ...(values.huge ? ['huge'] : [])];

const flags = cliFlags();

console.log(`node flags: ${flags.join(' ') || 'none'}\nmachine: ${machineLine()}`);
let over = false;
for (const name of names) {
  const sizes = CASES[name];
  if (!sizes) throw new Error(`no case ${name}: day, users, channels or huge`);
  fs.mkdirSync(BENCH_OUT, { recursive: true });
  const exportDir = fs.mkdtempSync(path.join(BENCH_OUT, `large-${name}-`));
  const dataDir = fs.mkdtempSync(path.join(BENCH_OUT, 'store-'));
  try {
    const counts = await writeLargeExport(exportDir, sizes);
    const output = execFileSync(process.execPath, [...flags, path.resolve('bench/import-once.ts'), exportDir, dataDir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    const result = JSON.parse(output.trim().split('\n').at(-1)!) as { seconds: number; messages: number; skipped: number; peakRssMb: number };
    const files = Object.entries(sizes)
      .filter(([, bytes]) => bytes > 1024 * 1024)
      .map(([key, bytes]) => `${key.replace('Bytes', '')} ${Math.round(bytes / MB)} MB`)
      .join(', ');
    const fine = result.peakRssMb <= RSS_LIMIT_MIB && result.messages === counts.messages;
    over ||= !fine;
    console.log(
      `${name}: ${files}; ${counts.messages} messages, ${counts.people} people, ${counts.channels} channels → imported ${result.messages} messages in ${result.seconds.toFixed(1)} s, peak RSS ${Math.round(result.peakRssMb)} MiB${fine ? '' : ' — OVER THE LIMIT OR INCOMPLETE'}`,
    );
  } finally {
    fs.rmSync(exportDir, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
if (over) process.exitCode = 1;
