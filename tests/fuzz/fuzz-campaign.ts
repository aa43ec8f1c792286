import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_EXPORT } from '../../src/core/demo/seed-demo.ts';
import { writeExportFolder } from '../../src/core/synthetic-export/generate.ts';
import { mutate, type ExportFiles } from './export-mutants.ts';
import { createTemplate, OUTCOMES, prepareBase, readFolder, runMutant, type FuzzBase, type Outcome } from './fuzz-run.ts';

export const EXPORT_2015 = fileURLToPath(new URL('../../src/core/slack-import/fixtures/export-2015', import.meta.url));

export interface CampaignReport {
  mutants: number;
  counts: Record<Outcome, number>;
  /** Mutants after which a clean re-import was compared with a fresh import. */
  convergenceChecked: number;
  /** Mutants after which a clean re-import did not make the archive a fresh import makes. */
  diverged: number;
  /** Kinds of mutation → outcome → count, to see where each class comes from. */
  byKind: Record<string, Partial<Record<Outcome, number>> & { diverged?: number }>;
  failures: { base: string; kind: string; seed: number; outcome: Outcome | 'diverged'; detail: string }[];
  peakRssMb: number;
  seconds: number;
}

/** The exports mutated: a generated one, the demo (written by hand from real shapes) and the 2015 fixture, plus any the caller adds. */
/** The lists and, per folder, the first `perFolder` day files. */
export function firstDayFiles(files: ExportFiles, perFolder: number): ExportFiles {
  const kept: ExportFiles = new Map();
  const taken = new Map<string, number>();
  for (const name of [...files.keys()].sort()) {
    const match = /^(.*)\/\d{4}-\d{2}-\d{2}\.json$/s.exec(name);
    if (match) {
      const count = taken.get(match[1]!) ?? 0;
      if (count >= perFolder) continue;
      taken.set(match[1]!, count + 1);
    }
    kept.set(name, files.get(name)!);
  }
  return kept;
}

export async function standardBases(work: string, template: string, generatedMessages: number, demoDayFiles = Infinity, extra: [string, ExportFiles][] = []): Promise<FuzzBase[]> {
  const generated = path.join(work, 'generated');
  await writeExportFolder(generated, { messages: generatedMessages, seed: 7 });
  const sources: [string, ExportFiles][] = [
    ['generated', readFolder(generated)],
    ['demo', firstDayFiles(readFolder(DEMO_EXPORT), demoDayFiles)],
    ['2015', readFolder(EXPORT_2015)],
    ...extra,
  ];
  // The demo's busiest channels are most of its 3,000 messages: a few of its day files keep its shapes at a fraction of the cost.
  const bases: FuzzBase[] = [];
  for (const [label, files] of sources) bases.push(await prepareBase(label, files, template));
  return bases;
}

/** Runs `count` seeded mutants, round-robin over the bases, one after another. */
export async function runCampaign(
  bases: FuzzBase[],
  template: string,
  count: number,
  { firstSeed = 1, onMutant }: { firstSeed?: number; onMutant?: (done: number) => void } = {},
): Promise<CampaignReport> {
  const started = performance.now();
  const counts = Object.fromEntries(OUTCOMES.map((outcome) => [outcome, 0])) as Record<Outcome, number>;
  const report: CampaignReport = { mutants: count, counts, convergenceChecked: 0, diverged: 0, byKind: {}, failures: [], peakRssMb: 0, seconds: 0 };
  for (let i = 0; i < count; i++) {
    const seed = firstSeed + i;
    const base = bases[i % bases.length]!;
    const mutant = mutate(base.files, seed);
    const result = await runMutant(base, mutant, template);
    if (result.converges !== null) report.convergenceChecked += 1;
    counts[result.outcome] += 1;
    const kind = (report.byKind[mutant.kind] ??= {});
    kind[result.outcome] = (kind[result.outcome] ?? 0) + 1;
    if (result.converges === false) {
      report.diverged += 1;
      kind.diverged = (kind.diverged ?? 0) + 1;
      report.failures.push({ base: base.label, kind: mutant.kind, seed, outcome: 'diverged', detail: `a clean re-import differs from a fresh import in ${result.diverging!.join(', ')}` });
    }
    if (result.outcome === 'crash' || result.outcome === 'hang' || result.outcome === 'silent loss') {
      report.failures.push({ base: base.label, kind: mutant.kind, seed, outcome: result.outcome, detail: result.detail.slice(0, 2000) });
    }
    onMutant?.(i + 1);
  }
  report.peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  report.seconds = Math.round((performance.now() - started) / 100) / 10;
  return report;
}

export function temporaryWork(): { dir: string; dispose(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-fuzz-work-'));
  return { dir, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export async function templateIn(dir: string): Promise<string> {
  const templateDir = path.join(dir, 'template');
  fs.mkdirSync(templateDir);
  return createTemplate(templateDir);
}
