/**
 * What the benchmarks share: the synthetic export under bench/out/ (generated
 * once per size), the store imported from it once, the export unzipped once,
 * and the machine line printed with every figure.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeExportZip } from '../src/core/synthetic-export/generate.ts';

export const BENCH_OUT = path.resolve('bench/out');

/** bench/out/export-<n>.zip, generated (seed 1) unless a complete one is there: a half-written one stays `.partial`. */
export async function ensureExport(messages: number): Promise<string> {
  fs.mkdirSync(BENCH_OUT, { recursive: true });
  const exportPath = path.join(BENCH_OUT, `export-${messages}.zip`);
  if (!fs.existsSync(exportPath)) {
    process.stderr.write(`generating ${exportPath}…\n`);
    const started = performance.now();
    await writeExportZip(`${exportPath}.partial`, { messages, seed: 1 });
    fs.renameSync(`${exportPath}.partial`, exportPath);
    process.stderr.write(`generated in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  }
  return exportPath;
}

/**
 * bench/out/archive-<n>/, the export imported once (in a child process, as
 * bench:import does) and reused; an interrupted import is never mistaken for a store.
 */
export function ensureStore(messages: number, exportPath: string): string {
  const storeDir = path.join(BENCH_OUT, `archive-${messages}`);
  if (!fs.existsSync(path.join(storeDir, 'passerelle.sqlite'))) {
    const partial = `${storeDir}.partial`;
    fs.rmSync(partial, { recursive: true, force: true });
    process.stderr.write(`importing ${exportPath} into ${storeDir}…\n`);
    execFileSync(process.execPath, [path.resolve('bench/import-once.ts'), exportPath, partial], { stdio: ['ignore', 'ignore', 'inherit'] });
    fs.rmSync(storeDir, { recursive: true, force: true });
    fs.renameSync(partial, storeDir);
  }
  return storeDir;
}

/** bench/out/export-<n>-folder/: the export unzipped once, for tools that read the files as they are. */
export function ensureExportFolder(messages: number, exportPath: string): string {
  const folder = path.join(BENCH_OUT, `export-${messages}-folder`);
  if (!fs.existsSync(folder)) {
    const partial = `${folder}.partial`;
    fs.rmSync(partial, { recursive: true, force: true });
    process.stderr.write(`unzipping ${exportPath} into ${folder}…\n`);
    execFileSync('unzip', ['-q', exportPath, '-d', partial], { stdio: ['ignore', 'ignore', 'inherit'] });
    fs.renameSync(partial, folder);
  }
  return folder;
}

export function machineLine(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 1024 ** 3)} GiB, Node ${process.version}`;
}

/** The value below which a fraction q of the sorted numbers fall. */
export function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** The middle value (the upper one of an even count), as every bench reports it. */
export function median(numbers: readonly number[]): number {
  return quantile([...numbers].sort((a, b) => a - b), 0.5);
}

/** The flags `npm run passerelle` starts Node with (V8's heap settings, see "How it runs" in the README): a bench's child imports as the CLI does. */
export function cliFlags(): string[] {
  const packageJson = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
  return packageJson.scripts.passerelle!.split(' ').filter((part) => part.startsWith('--') && !part.startsWith('--env-file'));
}
