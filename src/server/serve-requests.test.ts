import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { captureLog } from '../../tests/support/capture-log.ts';
import { PRODUCTION_ENV } from '../../tests/support/production-env.ts';
import { openTempDatabase } from '../../tests/support/temp-database.ts';
import { loadConfig } from '../core/config.ts';
import { requestHandler } from './serve-requests.ts';

let server: http.Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? (server.closeAllConnections(), server.close(() => resolve())) : resolve())));

describe('the request handler', () => {
  it('answers the health check while every request slot is taken, and turns the next page away', async () => {
    const database = await openTempDatabase();
    const config = loadConfig({ ...PRODUCTION_ENV, DATA_DIR: '/tmp', MAX_REQUESTS_IN_FLIGHT: '1' });
    // The web app holds each page until the test lets it go.
    const held: http.ServerResponse[] = [];
    const app = (_req: http.IncomingMessage, res: http.ServerResponse) => void held.push(res);
    server = http.createServer(requestHandler(config, captureLog().log, app, database, { number: 0, of: 1 }));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const page = fetch(`${base}/fr/archive`);
      while (held.length < 1) await new Promise((resolve) => setTimeout(resolve, 2));
      expect((await fetch(`${base}/fr/archive`)).status).toBe(503);
      const health = await fetch(`${base}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok', database: 'ok' });
      // It carries the headers of every response.
      expect(health.headers.get('x-content-type-options')).toBe('nosniff');
      expect(held).toHaveLength(1);
      held[0]!.end('ok');
      expect((await page).status).toBe(200);
    } finally {
      database.dispose();
    }
  });
});
