import cluster from 'node:cluster';
import fs from 'node:fs';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import type { Config } from '../core/config.ts';
import { openDatabase, type Database } from '../core/db/client.ts';
import type { Logger } from '../core/log.ts';
import { shedLoad } from './load-shedding.ts';
import { MY_DATA_PATH, serveMyDataDownload } from './my-data-download.ts';
import { baselineHeaders } from './security-headers.ts';
import { fail } from './start-config.ts';

/**
 * Serving requests: the built Astro app behind a thin Node server that owns
 * the listening socket, the request log and the headers every response
 * carries. In the one process of a single-process server, or in each serving
 * process of several (serving-process.ts).
 */
const SERVER_ENTRY = fileURLToPath(new URL('../../dist/server/entry.mjs', import.meta.url));
/** Found from here, outside the bundle: the app's runtime starts its search threads with it (core/search/from-config.ts). */
const SEARCH_THREAD_SCRIPT = fileURLToPath(new URL('../core/search/embedded/search-thread.ts', import.meta.url));

type NodeHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

async function loadAstroHandler(): Promise<NodeHandler> {
  if (!fs.existsSync(SERVER_ENTRY)) fail('the web app is not built yet: run `npm run build` first');
  // The adapter would otherwise open its own socket as soon as it is imported.
  process.env.ASTRO_NODE_AUTOSTART = 'disabled';
  process.env.PASSERELLE_SEARCH_THREAD_SCRIPT = SEARCH_THREAD_SCRIPT;
  const entry = (await import(SERVER_ENTRY)) as { handler: NodeHandler };
  return entry.handler;
}

function serve(config: Config, log: Logger, astro: NodeHandler, database: Database): http.Server {
  const headers = baselineHeaders(config.publicUrl);
  const handler = shedLoad(astro, {
    // MAX_REQUESTS_IN_FLIGHT bounds the whole server: each serving process takes its share (connections come round-robin).
    maxInFlight: Math.ceil(config.maxRequestsInFlight / (cluster.isWorker ? config.workers : 1)),
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
export async function serveRequests(config: Config, log: Logger, beforeClose: () => Promise<void> = async () => {}): Promise<void> {
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
