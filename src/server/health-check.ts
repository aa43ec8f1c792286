import type http from 'node:http';
import { isDatabaseReadable, type Database } from '../core/db/client.ts';

export const HEALTH_CHECK_PATH = '/healthz';

/**
 * For load balancers and uptime checks: 503 as soon as the database cannot be
 * read. Answered by the Node server itself, before the web app and its load
 * shedding: in one turn of the event loop, where a route of the app waits at
 * each of its steps behind the pages in flight (bench/load.ts: 170–520 ms
 * under load through the app).
 */
export async function answerHealthCheck(res: http.ServerResponse, database: Database): Promise<void> {
  const up = await isDatabaseReadable(database.client);
  res.writeHead(up ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify({ status: up ? 'ok' : 'unavailable', database: up ? 'ok' : 'unreadable' }));
}
