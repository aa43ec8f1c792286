/**
 * Production entry point: `npm start` (and `npm run demo`, with --demo).
 * Validates the configuration, prepares the database, then serves the built
 * Astro app behind a thin Node server that owns the listening socket, the
 * request log and the headers every response carries.
 *
 * With PASSERELLE_WORKERS above 1 (the machine's cores by default) this
 * process becomes the primary: it prepares the database and runs the
 * background jobs, and serving-process.ts, started as cluster workers,
 * serves requests on the shared socket (see cluster.ts).
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
import { superviseWorkers } from './cluster.ts';
import { serveRequests } from './serve-requests.ts';
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

/** The primary of several serving processes: it runs the jobs, keeps the workers' number up, and stops them on SIGTERM. */
function superviseServing(config: Config, log: Logger, jobs: BackgroundJobs): void {
  const processes = superviseWorkers({
    workers: config.workers,
    exec: fileURLToPath(new URL('./serving-process.ts', import.meta.url)),
    log,
    onStartFailure: (code) => void jobs.stop().finally(() => process.exit(code)),
  });
  log.info({ workers: config.workers, maxRequestsInFlightEach: Math.ceil(config.maxRequestsInFlight / config.workers) }, 'serving with several processes');
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log.info({ signal }, 'shutting down');
      void Promise.all([jobs.stop(), processes.stop()]).finally(() => process.exit(0));
    });
  }
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
  process.env.PASSERELLE_START_ID = `${process.pid}-${Date.now()}`;
  // A restore refuses to swap the database under a running server; a kill -9 leaves a mark naming a dead process, which it ignores.
  process.once('exit', markServerRunning(config.dataDir));
  if (config.workers > 1) {
    superviseServing(config, log, await startBackgroundJobs(config, log));
    return;
  }
  let jobs: BackgroundJobs | undefined;
  await serveRequests(config, log, () => jobs?.stop() ?? Promise.resolve());
  jobs = await startBackgroundJobs(config, log);
}

await main();
