import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openTempDatabase } from '../../tests/support/temp-database.ts';
import { answerHealthCheck } from './health-check.ts';

let server: http.Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? (server.closeAllConnections(), server.close(() => resolve())) : resolve())));

async function healthOf(database: Awaited<ReturnType<typeof openTempDatabase>>) {
  server = http.createServer((_req, res) => void answerHealthCheck(res, database));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`);
  return { status: response.status, cache: response.headers.get('cache-control'), body: await response.json() };
}

describe('the health check', () => {
  it('says ok while the database can be read, and 503 once it cannot', async () => {
    const database = await openTempDatabase();
    try {
      expect(await healthOf(database)).toEqual({ status: 200, cache: 'no-store', body: { status: 'ok', database: 'ok' } });
      server!.closeAllConnections();
      server!.close();
      database.client.close();
      expect(await healthOf(database)).toEqual({ status: 503, cache: 'no-store', body: { status: 'unavailable', database: 'unreadable' } });
    } finally {
      database.dispose();
    }
  });
});
