/**
 * Damaged exports holding one huge file (a 200 MB day file, a 100 MB users.json,
 * a 200 MB channels.json), for `npm run bench:fuzz -- --large`. Each is written
 * as a stream under bench/out/, damaged on disk, imported into a fresh store in
 * a child process started with the CLI's V8 flags (so its peak RSS is the
 * import's alone), then classed as the small mutants are: refused with one
 * line, imported with the damage named, or one of what must never happen — a
 * crash, a hang, a silent loss, or a peak RSS over the 512 MiB the import
 * promises.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { BENCH_OUT } from './fixtures.ts';
import { writeLargeExport, type LargeExportSizes } from './large-export.ts';

const MB = 1000 ** 2;
export const RSS_LIMIT_MIB = 512;
/** Longer than any of these imports takes on a slow machine (the 200 MB day file: 4 minutes under heavy load). */
const HANG_MS = 20 * 60_000;
const DAY_FILE = path.join('general', '2024-03-01.json');

type Damage = (dir: string) => Promise<void>;

interface LargeCase {
  name: string;
  sizes: LargeExportSizes;
  damage: Damage;
}

/** Writes `bytes` of `piece` repeated (with `head` and `tail` around them) as a stream. */
async function writeRepeated(file: string, head: string, piece: string, bytes: number, tail: string): Promise<void> {
  const out = fs.createWriteStream(file);
  const block = piece.repeat(Math.max(1, Math.floor((1 << 20) / piece.length)));
  out.write(head);
  for (let written = 0; written < bytes; written += block.length) if (!out.write(block)) await once(out, 'drain');
  out.end(tail);
  await once(out, 'finish');
}

/** Rewrites a file through `change`, chunk by chunk (a change that straddles two chunks is missed: a fuzz, not a parser). */
async function rewrite(file: string, change: (text: string) => string): Promise<void> {
  const changed = `${file}.changed`;
  const out = fs.createWriteStream(changed);
  for await (const chunk of fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) if (!out.write(change(chunk as string))) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
  fs.renameSync(changed, file);
}

const truncateAt = (relative: string, share: number): Damage => async (dir) => {
  const file = path.join(dir, relative);
  fs.truncateSync(file, Math.floor(fs.statSync(file).size * share));
};

const DAY_200 = { dayFileBytes: 200 * MB, usersBytes: 64 * 1024, channelsBytes: 1000 };

export const LARGE_CASES: readonly LargeCase[] = [
  { name: 'a 200 MB day file cut at 60 %', sizes: DAY_200, damage: truncateAt(DAY_FILE, 0.6) },
  {
    name: 'a 200 MB day file with a zero byte in its middle',
    sizes: DAY_200,
    damage: async (dir) => {
      const file = path.join(dir, DAY_FILE);
      const handle = fs.openSync(file, 'r+');
      fs.writeSync(handle, Buffer.from([0]), 0, 1, Math.floor(fs.statSync(file).size / 2));
      fs.closeSync(handle);
    },
  },
  { name: 'a 200 MB day file of 70 million {}', sizes: DAY_200, damage: (dir) => writeRepeated(path.join(dir, DAY_FILE), '[{}', ',{}', 200 * MB, ']') },
  { name: 'a 200 MB day file of [ nested', sizes: DAY_200, damage: (dir) => writeRepeated(path.join(dir, DAY_FILE), '', '[', 200 * MB, '') },
  {
    name: 'a 200 MB day file with one message of 150 MB',
    sizes: { ...DAY_200, dayFileBytes: 1 * MB },
    damage: (dir) => writeRepeated(path.join(dir, DAY_FILE), '[{"type":"message","user":"U000000001","ts":"1709294400.000100","text":"', 'bla ', 150 * MB, '"}]'),
  },
  {
    name: 'a 100 MB users.json whose ids are numbers',
    sizes: { dayFileBytes: 1 * MB, usersBytes: 100 * MB, channelsBytes: 1000 },
    damage: (dir) => rewrite(path.join(dir, 'users.json'), (text) => text.replace(/"id":"U0*(\d+)"/g, '"id":$1')),
  },
  { name: 'a 200 MB channels.json cut in half', sizes: { dayFileBytes: 1 * MB, usersBytes: 64 * 1024, channelsBytes: 200 * MB }, damage: truncateAt('channels.json', 0.5) },
];

export type LargeOutcome = 'refused' | 'imported' | 'imported, damage named' | 'crash' | 'hang' | 'silent loss' | 'over memory';

export interface LargeResult {
  name: string;
  outcome: LargeOutcome;
  seconds: number;
  peakRssMb: number | null;
  detail: string;
}

interface ImportOnce {
  seconds: number;
  messages: number;
  skipped: number;
  dropped: number;
  ignoredFields: number;
  firstSkip: string | null;
  refused?: string;
  peakRssMb: number;
}

/** Imports `exportDir` in a child process with `flags`; its one JSON line, or what went wrong. */
async function importInChild(flags: readonly string[], exportDir: string, dataDir: string): Promise<{ result: ImportOnce | null; code: number | null; signal: string | null; stderr: string; hung: boolean }> {
  const child = spawn(process.execPath, [...flags, path.resolve('bench/import-once.ts'), exportDir, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  let hung = false;
  const timer = setTimeout(() => {
    hung = true;
    child.kill('SIGKILL');
  }, HANG_MS);
  const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
  clearTimeout(timer);
  const line = stdout.trim().split('\n').at(-1);
  let result: ImportOnce | null = null;
  try {
    result = line ? (JSON.parse(line) as ImportOnce) : null;
  } catch {
    result = null;
  }
  return { result, code, signal, stderr, hung };
}

export async function runLargeCase(flags: readonly string[], large: LargeCase): Promise<LargeResult> {
  fs.mkdirSync(BENCH_OUT, { recursive: true });
  const exportDir = fs.mkdtempSync(path.join(BENCH_OUT, 'large-damage-'));
  const dataDir = fs.mkdtempSync(path.join(BENCH_OUT, 'store-'));
  try {
    const written = await writeLargeExport(exportDir, large.sizes);
    await large.damage(exportDir);
    const started = performance.now();
    const run = await importInChild(flags, exportDir, dataDir);
    const seconds = (performance.now() - started) / 1000;
    const done = (outcome: LargeOutcome, detail: string): LargeResult => ({ name: large.name, outcome, seconds, peakRssMb: run.result?.peakRssMb ?? null, detail });
    if (run.hung) return done('hang', `no end after ${HANG_MS / 60_000} minutes`);
    if (!run.result || run.code !== 0) return done('crash', `exit ${run.code ?? run.signal}: ${run.stderr.trim().split('\n').slice(-3).join(' / ')}`);
    if (run.result.peakRssMb > RSS_LIMIT_MIB) return done('over memory', `peak RSS ${Math.round(run.result.peakRssMb)} MiB`);
    if (run.result.refused !== undefined) return done('refused', run.result.refused);
    const named = run.result.skipped + run.result.dropped + run.result.ignoredFields > 0;
    const detail = `${run.result.messages} of ${written.messages} messages written; ${run.result.skipped} skip lines${run.result.firstSkip ? ` (« ${run.result.firstSkip} »)` : ''}`;
    // Damage that loses nothing may go unnamed; damage that loses a message never may.
    if (named) return done('imported, damage named', detail);
    return done(run.result.messages < written.messages ? 'silent loss' : 'imported', detail);
  } finally {
    fs.rmSync(exportDir, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export const FAILED: ReadonlySet<LargeOutcome> = new Set(['crash', 'hang', 'silent loss', 'over memory']);
