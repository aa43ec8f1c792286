import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Config } from '../core/config.ts';
import { openDatabase, type Database } from '../core/db/client.ts';
import type { Logger } from '../core/log.ts';
import { answerHealthCheck, HEALTH_CHECK_PATH } from './health-check.ts';
import { shedLoad } from './load-shedding.ts';
import { MY_DATA_PATH, serveMyDataDownload } from './my-data-download.ts';
import { baselineHeaders } from './security-headers.ts';
import { LISTENING_MESSAGE } from './serving-processes.ts';
import { fail } from './start-config.ts';
import { warmUp } from './warm-up.ts';

/**
 * Serving requests: the built Astro app behind a thin Node server that owns
 * the listening socket, the request log and the headers every response
 * carries. In the one process of a single-process server, or in each serving
 * process of several (start.ts and serving-process.ts), all listening on the
 * same port.
 */
const SERVER_ENTRY = fileURLToPath(new URL('../../dist/server/entry.mjs', import.meta.url));
/** Found from here, outside the bundle: the app's runtime starts its search threads with it (core/search/from-config.ts). */
const SEARCH_THREAD_SCRIPT = fileURLToPath(new URL('../core/search/embedded/search-thread.ts', import.meta.url));

type NodeHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** Where the build puts its hashed files (dist/client/_astro). */
const STATIC_FILES = '/_astro/';

/** Which serving process this is: 0 alone, otherwise 1 (the one started first, with the jobs), 2, 3… of `of`. */
export interface ServingNumber {
  number: number;
  of: number;
}

async function loadAstroHandler(): Promise<NodeHandler> {
  if (!fs.existsSync(SERVER_ENTRY)) fail('the web app is not built yet: run `npm run build` first');
  // The adapter would otherwise open its own socket as soon as it is imported.
  process.env.ASTRO_NODE_AUTOSTART = 'disabled';
  process.env.PASSERELLE_SEARCH_THREAD_SCRIPT = SEARCH_THREAD_SCRIPT;
  const entry = (await import(SERVER_ENTRY)) as { handler: NodeHandler };
  return entry.handler;
}

/** Why the port cannot be listened on, in one line naming what to change. */
function failToListen(config: Config, error: NodeJS.ErrnoException): never {
  if (error.code === 'EADDRINUSE') fail(`PORT ${config.port} is already in use on ${config.host}: stop the other program or set PORT to a free port`);
  if (error.code === 'EACCES') fail(`PORT ${config.port} needs privileges this user lacks: choose a PORT above 1023`);
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') fail(`HOST ${config.host} is not an address of this machine: set HOST to localhost, 0.0.0.0 or one of its addresses`);
  fail(`the server could not listen on ${config.host}:${config.port} (${error.code ?? error.message})`);
}

/**
 * Several processes share the port with SO_REUSEPORT, which any program of the
 * same user could join as well: the first one checks, without it, that nothing
 * holds the port yet, so a second server started by mistake is refused as before
 * instead of quietly taking half of the connections.
 */
function portIsFree(config: Config): Promise<void> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => failToListen(config, error));
    probe.listen({ port: config.port, host: config.host }, () => probe.close(() => resolve()));
  });
}

/**
 * What answers each request: the headers every response carries, the request log, then the
 * health check and the data download, which the Node server answers itself, or the web app
 * within the bound on requests in flight.
 */
export function requestHandler(config: Config, log: Logger, astro: NodeHandler, database: Database, serving: ServingNumber): NodeHandler {
  const headers = baselineHeaders(config.publicUrl);
  // MAX_REQUESTS_IN_FLIGHT bounds the whole server: each serving process takes its share (the kernel spreads connections evenly).
  const share = Math.ceil(config.maxRequestsInFlight / serving.of);
  const handler = shedLoad(astro, {
    maxInFlight: share,
    // Waiting a little serves a burst instead of refusing it. A refusal should come within 50 ms, and the event loop's
    // other work already delays it by tens: at 40 the median one came past 50, at 20 about half, at 10 a few
    // (README, "A short wait before a 503").
    maxWaitMs: 10,
    maxWaiting: 4 * share,
    retryAfterSeconds: 2,
    // The build's style sheet and other hashed files: a page without them is unreadable.
    exempt: (req) => req.url?.startsWith(STATIC_FILES) === true,
  });
  return (req, res) => {
    const started = performance.now();
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    if (config.workerHeader) res.setHeader('x-passerelle-worker', String(serving.number));
    // The path only, in the log too: query strings can carry sign-in tokens and search terms.
    const path = (req.url ?? '/').split('?')[0];
    res.on('finish', () => log.info({ method: req.method, path, status: res.statusCode, ms: Math.round(performance.now() - started) }, 'request'));
    // Never turned away: a busy server is not a dead one.
    if (path === HEALTH_CHECK_PATH && (req.method === 'GET' || req.method === 'HEAD')) {
      void answerHealthCheck(res, database);
      return;
    }
    if (path === MY_DATA_PATH) {
      serveMyDataDownload(req, res, config, database, log).catch((error: unknown) => {
        log.error({ err: error instanceof Error ? error.message : String(error) }, 'data download failed');
        if (!res.headersSent) res.writeHead(500).end();
        else res.destroy();
      });
      return;
    }
    handler(req, res);
  };
}

function serve(config: Config, log: Logger, astro: NodeHandler, database: Database, serving: ServingNumber, onListening: () => void): http.Server {
  const server = http.createServer(requestHandler(config, log, astro, database, serving));
  server.on('error', (error: NodeJS.ErrnoException) => failToListen(config, error));
  server.listen({ port: config.port, host: config.host, reusePort: serving.of > 1 }, () => {
    log.info({ host: config.host, port: config.port }, `Passerelle is serving ${config.publicUrl}`);
    onListening();
  });
  return server;
}

/**
 * Serves requests in this process until SIGINT or SIGTERM; `beforeClose` runs first
 * (the jobs, and the other serving processes, in the first one). Resolves once it listens.
 */
export async function serveRequests(config: Config, log: Logger, serving: ServingNumber, beforeClose: () => Promise<void> = async () => {}): Promise<void> {
  // The data download streams from its own connection (see my-data-download.ts).
  const downloads = await openDatabase(config.dataDir);
  const astro = await loadAstroHandler();
  await warmUp(astro, log);
  // Just before listening: the check and the listening socket leave the least time for another program between them.
  if (serving.number === 1) await portIsFree(config);
  let listening!: () => void;
  const listened = new Promise<void>((resolve) => (listening = resolve));
  const server = serve(config, log, astro, downloads, serving, () => {
    // The first process starts the others once it listens: a port in use fails once, with one line.
    process.send?.(LISTENING_MESSAGE);
    listening();
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log.info({ signal }, 'shutting down');
      void beforeClose().finally(() => {
        server.close(() => process.exit(0));
        server.closeAllConnections();
      });
    });
  }
  await listened;
}
