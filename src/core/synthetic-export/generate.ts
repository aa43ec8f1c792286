import { Worker } from 'node:worker_threads';
import { exportSettings } from './export-settings.ts';
import type { GeneratedSummary, GenerateOptions } from './generation.ts';
import type { ExistingChannel } from './workspace.ts';
import type { ExportJob } from './write-export.ts';

/**
 * Synthetic Slack exports for benchmarks and scale tests: the layout and
 * JSON of a real export (public channels plus one private channel), a
 * realistic French/English history, byte-identical for the same options,
 * written day by day so that memory stays flat at any size.
 */

/**
 * The export is written by a worker thread with a capped heap. Left to
 * itself, V8 sizes the young generation from the machine's memory (128 MB
 * on a 24 GB machine) and lets promoted day files pile up in the old
 * generation: 1M messages peaked near 290 MB RSS. Capped, 1M peak at
 * 165 MB and 5M at 205 MB, for a little more time collecting garbage.
 */
const YOUNG_GENERATION_MB = 16;
/** Several times what the largest default workspace (2,000 people, 200 channels) keeps alive. */
const OLD_GENERATION_MB = 128;

function runInWorker(job: ExportJob): Promise<GeneratedSummary> {
  // Bigger workspaces than the defaults ever make may need more: no cap then.
  const withinDefaults = job.settings.people <= 2000 && job.settings.channels <= 200;
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./export-worker.ts', import.meta.url), {
      workerData: job,
      resourceLimits: withinDefaults
        ? { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB, maxOldGenerationSizeMb: OLD_GENERATION_MB }
        : { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    let summary: GeneratedSummary | undefined;
    worker.once('message', (message: GeneratedSummary) => {
      summary = message;
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (summary !== undefined) resolve(summary);
      else reject(new Error(`the export thread stopped (exit code ${code}) before finishing`));
    });
  });
}

export async function writeExportZip(out: string, options: GenerateOptions): Promise<GeneratedSummary> {
  return runInWorker({ format: 'zip', path: out, settings: exportSettings(options) });
}

/**
 * The same export unzipped. With `onlyChannel`, writes only that channel's
 * day files, authored by its members, to fill a large channel of a
 * hand-written export: no users.json or channel lists then.
 */
export async function writeExportFolder(
  dir: string,
  options: GenerateOptions & { onlyChannel?: ExistingChannel },
): Promise<GeneratedSummary> {
  const { onlyChannel, ...rest } = options;
  const job: ExportJob = { format: 'folder', path: dir, settings: exportSettings(rest) };
  if (onlyChannel !== undefined) job.onlyChannel = onlyChannel;
  return runInWorker(job);
}
