/**
 * Child process of `npm run bench:import`: imports one export into a fresh
 * store, embedded search index included (as `passerelle import` does), and
 * prints one JSON line, so peak RSS is the import's alone.
 */
import pino from 'pino';
import { openDatabase } from '../src/core/db/client.ts';
import { migrateDatabase } from '../src/core/db/migrate.ts';
import { createEmbeddedEngine } from '../src/core/search/embedded/embedded-engine.ts';
import type { RankingRates } from '../src/core/search/embedded/ranking-cost.ts';
import { ImportRefusedError } from '../src/core/slack-import/errors.ts';
import { importSlackExport } from '../src/core/slack-import/import-export.ts';
import { DEFAULT_IMPORT_LIMITS } from '../src/core/slack-import/source/limits.ts';

const [exportPath, dataDir, mode] = process.argv.slice(2);
if (!exportPath || !dataDir) throw new Error('usage: import-once.ts <export> <data-dir> [--without-champion-lists]');
/**
 * Rates under which every word ranks within the budget: no word needs a champion list, so the import
 * builds none (nor measures the rates). `bench:import --lists-cost` compares that import with a plain one.
 */
const WITHOUT_LISTS: RankingRates = { perListEntryMs: 1e-9, perMatchMs: 1e-9, perPulledMs: 1e-9 };

const database = await openDatabase(dataDir);
await migrateDatabase(database.db);
/** The champion lists' rebuild (begun once the day files are written, beside the import's last steps), from the engine's own log line. */
let championSeconds = 0;
const log = pino({ level: 'info', base: undefined }, {
  write: (line: string) => {
    const record = JSON.parse(line) as { msg?: string; ms?: number };
    if (record.msg === 'search champion lists rebuilt') championSeconds += (record.ms ?? 0) / 1000;
  },
});
const search = createEmbeddedEngine({ file: database.file, timeZone: 'America/Toronto', log, ...(mode === '--without-champion-lists' ? { rankingRates: WITHOUT_LISTS } : {}) });
/** CPU time of all threads (writer, map workers, libuv), in seconds. */
function cpuTime(): number {
  const { userCPUTime, systemCPUTime } = process.resourceUsage();
  return (userCPUTime + systemCPUTime) / 1e6;
}
/** CPU time of this thread alone: the archive writer's (the map workers run on their own threads). */
function writerCpuTime(): number {
  const { user, system } = process.threadCpuUsage();
  return (user + system) / 1e6;
}
const started = performance.now();
const cpuAtStart = cpuTime();
const writerCpuAtStart = writerCpuTime();
let summary;
/** When the last day file was written: what follows (author index, channel statistics, the search's own work) is the import's last steps. */
let dayFilesWrittenAt = 0;
try {
  summary = await importSlackExport(database, exportPath, {
    limits: DEFAULT_IMPORT_LIMITS,
    includeDms: false,
    search,
    onProgress: ({ filesDone, filesTotal }) => {
      if (filesDone === filesTotal) dayFilesWrittenAt = performance.now();
    },
  });
} catch (error) {
  // A refusal is an answer (one line to the operator), not a failure of the bench.
  if (!(error instanceof ImportRefusedError)) throw error;
  await search.close();
  database.close();
  process.stdout.write(`${JSON.stringify({ refused: error.message, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
  process.exit(0);
}
const seconds = (performance.now() - started) / 1000;
const lastStepsSeconds = seconds - (dayFilesWrittenAt - started) / 1000;
// The import's alone, like `seconds`: with it, how well the import uses the cores.
const cpuSeconds = cpuTime() - cpuAtStart;
const writerCpuSeconds = writerCpuTime() - writerCpuAtStart;
await search.close();
database.close();
process.stdout.write(
  `${JSON.stringify({
    seconds,
    messages: summary.messages.written + summary.messages.unchanged,
    dayFiles: summary.dayFiles.imported,
    skipped: summary.skipped.length,
    dropped: summary.dropped,
    ignoredFields: summary.ignoredFields.length,
    firstSkip: summary.skipped[0] ? `${summary.skipped[0].item}: ${summary.skipped[0].reason}`.slice(0, 200) : null,
    indexed: summary.search.indexed,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    cpuSeconds,
    writerCpuSeconds,
    championSeconds,
    lastStepsSeconds,
  })}\n`,
);
