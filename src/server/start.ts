/**
 * Production entry point: `npm start` (and `npm run demo`, with --demo).
 * Validates the configuration, prepares the database, then serves the built
 * Astro app behind a thin Node server that owns the listening socket, the
 * request log and the headers every response carries.
 *
 * With PASSERELLE_WORKERS above 1 (the machine's cores by default) this
 * process becomes the primary: it prepares the database and runs the
 * background jobs, and the same script, started again as cluster workers,
 * serves requests on the shared socket (see cluster.ts).
 */
import cluster from 'node:cluster';
import fs from 'node:fs';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig, type Config } from '../core/config.ts';
import { DataDirError, ensureWritableDataDir } from '../core/data-dir.ts';
import { openDatabase } from '../core/db/client.ts';
import { DatabaseFileError } from '../core/db/database-file-check.ts';
import { migrateDatabase } from '../core/db/migrate.ts';
import { seedDemo } from '../core/demo/seed-demo.ts';
import { countQueuedForSearch } from '../core/search/documents.ts';
import { createSearchEngine } from '../core/search/from-config.ts';
import { pruneExpiredAccountData } from '../core/accounts/retention.ts';
import { markServerRunning } from '../core/backups/running-server.ts';
import { runRetentionAndLog } from '../core/privacy/retention-schedule.ts';
import { createLogger, type Logger } from '../core/log.ts';
import { startBackgroundJobs, type BackgroundJobs } from './background-jobs.ts';
import { superviseWorkers } from './cluster.ts';
import { shedLoad } from './load-shedding.ts';
import { baselineHeaders } from './security-headers.ts';
import { MY_DATA_PATH, serveMyDataDownload } from './my-data-download.ts';
import type { Database } from '../core/db/client.ts';

const SERVER_ENTRY = fileURLToPath(new URL('../../dist/server/entry.mjs', import.meta.url));

type NodeHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

function fail(message: string): never {
  process.stderr.write(`passerelle: ${message}\n`);
  process.exit(1);
}

function readConfig(demo: boolean): Config {
  try {
    return loadConfig(process.env, { demo });
  } catch (error) {
    if (error instanceof ConfigError) fail(error.problems.join('\n            '));
    throw error;
  }
}

async function prepareDatabase(config: Config, log: Logger): Promise<void> {
  const database = await openDatabase(config.dataDir);
  try {
    await migrateDatabase(database.db);
    log.info({ file: database.file }, 'database ready');
    if (config.demo) {
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

async function loadAstroHandler(): Promise<NodeHandler> {
  if (!fs.existsSync(SERVER_ENTRY)) fail('the web app is not built yet: run `npm run build` first');
  // The adapter would otherwise open its own socket as soon as it is imported.
  process.env.ASTRO_NODE_AUTOSTART = 'disabled';
  const entry = (await import(SERVER_ENTRY)) as { handler: NodeHandler };
  return entry.handler;
}

function serve(config: Config, log: Logger, astro: NodeHandler, database: Database): http.Server {
  const headers = baselineHeaders(config.publicUrl);
  const handler = shedLoad(astro, {
    maxInFlight: config.maxRequestsInFlight,
    retryAfterSeconds: 2,
    exempt: (req) => req.url === '/healthz',
  });
  const server = http.createServer((req, res) => {
    const started = performance.now();
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    if (config.workerHeader) res.setHeader('x-passerelle-worker', String(cluster.worker?.id ?? 0));
    res.on('finish', () => {
      // The path only: query strings can carry sign-in tokens and search terms.
      const path = (req.url ?? '/').split('?')[0];
      log.info({ method: req.method, path, status: res.statusCode, ms: Math.round(performance.now() - started) }, 'request');
    });
    if ((req.url ?? '/').split('?')[0] === MY_DATA_PATH) {
      serveMyDataDownload(req, res, config, database, log).catch((error: unknown) => {
        log.error({ err: error instanceof Error ? error.message : String(error) }, 'data download failed');
        if (!res.headersSent) res.writeHead(500).end();
        else res.destroy();
      });
      return;
    }
    handler(req, res);
  });
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') fail(`PORT ${config.port} is already in use on ${config.host}: stop the other program or set PORT to a free port`);
    if (error.code === 'EACCES') fail(`PORT ${config.port} needs privileges this user lacks: choose a PORT above 1023`);
    if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') fail(`HOST ${config.host} is not an address of this machine: set HOST to localhost, 0.0.0.0 or one of its addresses`);
    fail(`the server could not listen on ${config.host}:${config.port} (${error.code ?? error.message})`);
  });
  server.listen(config.port, config.host, () => {
    log.info({ host: config.host, port: config.port }, `Passerelle is serving ${config.publicUrl}`);
  });
  return server;
}

/** Serves requests in this process until SIGINT or SIGTERM; `beforeClose` runs first (the jobs, in a single process). */
async function serveRequests(config: Config, log: Logger, beforeClose: () => Promise<void> = async () => {}): Promise<void> {
  // The data download streams from its own connection (see my-data-download.ts).
  const downloads = await openDatabase(config.dataDir);
  const server = serve(config, log, await loadAstroHandler(), downloads);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log.info({ signal }, 'shutting down');
      void beforeClose().finally(() => {
        server.close(() => process.exit(0));
        server.closeAllConnections();
      });
    });
  }
}

/** The primary of several serving processes: it runs the jobs, keeps the workers' number up, and stops them on SIGTERM. */
function superviseServing(config: Config, log: Logger, jobs: BackgroundJobs): void {
  const processes = superviseWorkers({
    workers: config.workers,
    log,
    onStartFailure: (code) => void jobs.stop().finally(() => process.exit(code)),
  });
  log.info({ workers: config.workers, maxRequestsInFlight: config.workers * config.maxRequestsInFlight }, 'serving with several processes');
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
  if (cluster.isWorker) {
    // The primary has checked the directory, migrated (and seeded) the database and runs the jobs.
    return serveRequests(config, createLogger(config).child({ worker: cluster.worker!.id }));
  }
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
