/**
 * Production entry point: `npm start` (and `npm run demo`, with --demo).
 * Validates the configuration, prepares the database, then serves the built
 * Astro app behind a thin Node server that owns the listening socket, the
 * request log and the headers every response carries.
 *
 * With PASSERELLE_WORKERS above 1 (the machine's cores by default) this
 * process serves as the first of several: it prepares the database, runs
 * the background jobs, serves, and starts the others (serving-process.ts),
 * all on the same port (see serving-processes.ts).
 */
import { fileURLToPath } from 'node:url';
import type { Config } from '../core/config.ts';
import { DataDirError, ensureWritableDataDir } from '../core/data-dir.ts';
import { openDatabase } from '../core/db/client.ts';
import { DatabaseFileError } from '../core/db/database-file-check.ts';
import { migrateDatabase } from '../core/db/migrate.ts';
import { countQueuedForSearch } from '../core/search/documents.ts';
import { pruneExpiredAccountData } from '../core/accounts/retention.ts';
import { markServerRunning } from '../core/backups/running-server.ts';
import { runRetentionAndLog } from '../core/privacy/retention-schedule.ts';
import { createLogger, type Logger } from '../core/log.ts';
import { startBackgroundJobs, type BackgroundJobs } from './background-jobs.ts';
import { serveRequests } from './serve-requests.ts';
import { superviseServingProcesses, type ServingProcesses } from './serving-processes.ts';
import { fail, readConfig } from './start-config.ts';

async function prepareDatabase(config: Config, log: Logger): Promise<void> {
  const database = await openDatabase(config.dataDir);
  try {
    await migrateDatabase(database.db);
    log.info({ file: database.file }, 'database ready');
    if (config.demo) {
      // Loaded only here: the demo's export and the search engine weigh on the memory of a server that never seeds.
      const [{ seedDemo }, { createSearchEngine }] = await Promise.all([import('../core/demo/seed-demo.ts'), import('../core/search/from-config.ts')]);
      const search = createSearchEngine(config, database, log);
      try {
        await seedDemo(database, log, search);
      } finally {
        await search.close();
      }
    }
    await pruneExpiredAccountData(database.db);
    await runRetentionAndLog(database.db, config.retention, log);
    const waiting = await countQueuedForSearch(database.client);
    // Searches would miss these messages: an upgrade queued the archive, or an import could not reach Meilisearch.
    if (waiting > 0) log.warn({ messages: waiting }, 'messages wait for the search index: run `npm run passerelle -- search-sync`');
  } finally {
    database.close();
  }
}

/**
 * The first of several serving processes: it serves as number 1, runs the jobs,
 * starts the others once it listens, keeps their number up, and stops them on SIGTERM.
 */
async function serveWithOthers(config: Config, log: Logger): Promise<void> {
  let jobs: BackgroundJobs | undefined;
  let others: ServingProcesses | undefined;
  // Its requests are logged as number 1's; the jobs and the others' comings and goings as the server's.
  await serveRequests(config, log.child({ worker: 1 }), { number: 1, of: config.workers }, async () => {
    await Promise.all([jobs?.stop(), others?.stop()]);
  });
  jobs = await startBackgroundJobs(config, log);
  others = superviseServingProcesses({
    workers: config.workers,
    exec: fileURLToPath(new URL('./serving-process.ts', import.meta.url)),
    log,
    onStartFailure: (code) => void jobs?.stop().finally(() => process.exit(code)),
  });
  log.info({ workers: config.workers, maxRequestsInFlightEach: Math.ceil(config.maxRequestsInFlight / config.workers) }, 'serving with several processes');
}

async function main(): Promise<void> {
  const demo = process.argv.includes('--demo');
  if (demo) process.env.PASSERELLE_DEMO = '1';
  const config = readConfig(demo);
  try {
    ensureWritableDataDir(config.dataDir);
  } catch (error) {
    if (error instanceof DataDirError) fail(error.message);
    throw error;
  }
  const log = createLogger(config);
  try {
    await prepareDatabase(config, log);
  } catch (error) {
    if (error instanceof DatabaseFileError) fail(error.message);
    throw error;
  }
  // Pages are tagged per start (web/archive-cache.ts): every process of this one shares the tag, whichever answers.
  // Set once, by the process the operator started: the others inherit it (they run this too).
  process.env.PASSERELLE_START_ID ||= `${process.pid}-${Date.now()}`;
  // A restore refuses to swap the database under a running server; a kill -9 leaves a mark naming a dead process, which it ignores.
  process.once('exit', markServerRunning(config.dataDir));
  if (config.workers > 1) {
    await serveWithOthers(config, log);
    return;
  }
  let jobs: BackgroundJobs | undefined;
  await serveRequests(config, log, { number: 0, of: 1 }, () => jobs?.stop() ?? Promise.resolve());
  jobs = await startBackgroundJobs(config, log);
}

await main();
