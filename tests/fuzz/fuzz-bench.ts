/**
 * `npm run bench:fuzz [-- --mutants 1000] [--seed 1]`: seeded mutants of a
 * generated export, the demo, the 2015 fixture and, when ../shared/corpora holds
 * real exports, a slice of each (its lists and its first day files), each
 * imported into a fresh store and classed; then a clean re-import of the original
 * must make the archive a fresh import makes. Prints counts per class and per kind.
 * With --large, then damaged exports of huge files (a 200 MB day file cut, a zero
 * byte, 70 million {}, nesting, a 150 MB message; a 100 MB users.json retyped; a
 * 200 MB channels.json cut), each imported in a child process: its peak RSS too.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { cliFlags, machineLine } from '../../bench/fixtures.ts';
import { FAILED, LARGE_CASES, runLargeCase } from '../../bench/large-damage.ts';
import { readZipEntries } from '../support/read-zip-entries.ts';
import type { ExportFiles } from './export-mutants.ts';
import { runCampaign, standardBases, templateIn, temporaryWork } from './fuzz-campaign.ts';

const { values } = parseArgs({
  options: {
    mutants: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    corpora: { type: 'string', default: '../shared/corpora' },
    /** Then the damaged exports of huge files (bench/large-damage.ts): about 1.5 GB of disk at a time, minutes each. */
    large: { type: 'boolean', default: false },
  },
});
const mutants = Number(values.mutants);
const DAY_FILE = /^(.*)\/(\d{4}-\d{2}-\d{2})\.json$/s;
/** Enough real messages to be varied, few enough that a thousand imports stay minutes. */
const SLICE_DAY_FILES = 60;

/** The lists of a real export and its first day files (in name order), spread over its channels. */
async function sliceOf(zip: string): Promise<ExportFiles> {
  const entries = await readZipEntries(zip);
  const slice: ExportFiles = new Map();
  const days = [...entries.keys()].filter((name) => DAY_FILE.test(name)).sort();
  const byFolder = Map.groupBy(days, (name) => name.slice(0, name.lastIndexOf('/')));
  const perFolder = Math.max(1, Math.floor(SLICE_DAY_FILES / byFolder.size));
  for (const [name, data] of entries) if (!name.endsWith('/') && !DAY_FILE.test(name)) slice.set(name, data);
  for (const files of byFolder.values()) for (const name of files.slice(0, perFolder)) slice.set(name, entries.get(name)!);
  return slice;
}

const work = temporaryWork();
try {
  const template = await templateIn(work.dir);
  const corpora = fs.existsSync(values.corpora) ? fs.readdirSync(values.corpora).filter((name) => name.endsWith('.zip')) : [];
  const real: [string, ExportFiles][] = [];
  for (const name of corpora) real.push([name, await sliceOf(path.join(values.corpora, name))]);
  const bases = await standardBases(work.dir, template, 2_000, Infinity, real);
  process.stderr.write(`fuzz: ${mutants} mutants of ${bases.map((base) => base.label).join(', ')}\n`);
  const report = await runCampaign(bases, template, mutants, {
    firstSeed: Number(values.seed),
    onMutant: (done) => {
      if (done % 50 === 0) process.stderr.write(`fuzz: ${done}/${mutants}\n`);
    },
  });
  process.stdout.write(`${JSON.stringify(report, null, 1)}\n`);
  let failed = report.failures.length > 0;
  if (values.large) {
    const flags = cliFlags();
    process.stdout.write(`huge files (node flags: ${flags.join(' ')}; ${machineLine()}):\n`);
    for (const large of LARGE_CASES) {
      const result = await runLargeCase(flags, large);
      failed ||= FAILED.has(result.outcome);
      const rss = result.peakRssMb === null ? '' : `, peak RSS ${Math.round(result.peakRssMb)} MiB`;
      process.stdout.write(`- ${result.name}: ${result.outcome} in ${result.seconds.toFixed(1)} s${rss} — ${result.detail}\n`);
    }
  }
  process.exitCode = failed ? 1 : 0;
} finally {
  work.dispose();
}
