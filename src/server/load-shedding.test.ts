import { EventEmitter } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { seenAtEachTurn } from '../../tests/support/event-loop-turns.ts';
import { shedLoad } from './load-shedding.ts';

// A real HTTP server whose handler holds each response until the test lets it go.
let server: http.Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? (server.closeAllConnections(), server.close(() => resolve())) : resolve())));

async function serveHeld(maxInFlight: number, { maxWaitMs = 0, maxWaiting = 0 } = {}) {
  const held: http.ServerResponse[] = [];
  const handler = shedLoad((_req, res) => void held.push(res), { maxInFlight, maxWaitMs, maxWaiting, retryAfterSeconds: 2, exempt: (req) => req.url!.startsWith('/_astro/') });
  server = http.createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const arrived = async (n: number) => {
    while (held.length < n) await new Promise((resolve) => setTimeout(resolve, 2));
  };
  /** Until this many requests wait in the line. */
  const lineHolds = async (n: number) => {
    while (handler.waiting() !== n) await new Promise((resolve) => setTimeout(resolve, 2));
  };
  return { held, handler, base, arrived, lineHolds };
}

describe('load shedding', () => {
  it('turns requests away past the bound, at once, with Retry-After, in both languages', async () => {
    const { held, handler, base, arrived } = await serveHeld(3);
    const waiting = [1, 2, 3].map(() => fetch(`${base}/fr/archive`));
    await arrived(3);
    expect(handler.inFlight()).toBe(3);

    // Answered while the three before it are still held: nothing queued behind them.
    const refused = await fetch(`${base}/fr/archive`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('2');
    expect(refused.headers.get('cache-control')).toBe('no-store');
    const page = await refused.text();
    expect(page).toContain('Réessayez dans un instant');
    expect(page).toContain('<p lang="en">The portal is answering many people right now');

    for (const res of held) res.end('ok');
    for (const response of await Promise.all(waiting)) expect(response.status).toBe(200);
  });

  it('lets a request past the bound wait for a place, and serves it when one comes free in time', async () => {
    const { held, handler, base, arrived, lineHolds } = await serveHeld(1, { maxWaitMs: 5_000, maxWaiting: 2 });
    const first = fetch(`${base}/fr/archive?n=1`);
    await arrived(1);
    const second = fetch(`${base}/fr/archive?n=2`);
    await lineHolds(1);
    const third = fetch(`${base}/fr/archive?n=3`);
    await lineHolds(2);
    expect(held).toHaveLength(1);
    // The oldest waiting request takes the place that comes free, then the next.
    held[0]!.end('1');
    await arrived(2);
    expect(handler.waiting()).toBe(1);
    held[1]!.end('2');
    await arrived(3);
    held[2]!.end('3');
    expect(await Promise.all([first, second, third].map(async (response) => (await response).text()))).toEqual(['1', '2', '3']);
    expect(handler.waiting()).toBe(0);
  });

  it('turns a waiting request away once its wait is over, and at once when the line is full', async () => {
    const { held, handler, base, arrived, lineHolds } = await serveHeld(1, { maxWaitMs: 1_000, maxWaiting: 1 });
    const first = fetch(`${base}/fr/archive`);
    await arrived(1);
    const sentAt = performance.now();
    const waited = fetch(`${base}/fr/archive`).then((response) => ({ status: response.status, ms: performance.now() - sentAt }));
    await lineHolds(1);
    // The line holds one: the next is not kept waiting at all.
    const fullAt = performance.now();
    const full = await fetch(`${base}/fr/archive`);
    expect(full.status).toBe(503);
    expect(performance.now() - fullAt).toBeLessThan(500);
    const { status, ms } = await waited;
    expect(status).toBe(503);
    expect(ms).toBeGreaterThanOrEqual(950);
    expect(handler.waiting()).toBe(0);
    held[0]!.end('ok');
    expect((await first).status).toBe(200);
    expect(held).toHaveLength(1);
  });

  it('serves a request that got its place in time, however long its page then takes', async () => {
    const { held, base, arrived, lineHolds } = await serveHeld(1, { maxWaitMs: 50, maxWaiting: 1 });
    const first = fetch(`${base}/fr/archive`);
    await arrived(1);
    const second = fetch(`${base}/fr/archive?second`);
    await lineHolds(1);
    held[0]!.end('ok');
    await arrived(2);
    // Past its wait: started, it is no longer in the line, and nothing turns it away.
    await new Promise((resolve) => setTimeout(resolve, 100));
    held[1]!.end('second');
    expect(await (await second).text()).toBe('second');
    expect((await first).status).toBe(200);
  });

  it('keeps the line waiting while exempt files hold the places, and starts it once a place is free', async () => {
    const { held, handler, base, arrived, lineHolds } = await serveHeld(1, { maxWaitMs: 5_000, maxWaiting: 1 });
    const page = fetch(`${base}/fr/archive`);
    await arrived(1);
    const sheet = fetch(`${base}/_astro/BaseLayout.css`);
    await arrived(2);
    const next = fetch(`${base}/fr/archive?next`);
    await lineHolds(1);
    // The file ends, but the page still holds the one place.
    held[1]!.end('sheet');
    expect((await sheet).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(held).toHaveLength(2);
    expect(handler.waiting()).toBe(1);
    held[0]!.end('page');
    await arrived(3);
    held[2]!.end('next');
    expect(await (await next).text()).toBe('next');
    expect((await page).status).toBe(200);
  });

  it('gives up the place of a waiting client that went away', async () => {
    const { held, handler, base, arrived, lineHolds } = await serveHeld(1, { maxWaitMs: 5_000, maxWaiting: 1 });
    const first = fetch(`${base}/fr/archive`);
    await arrived(1);
    const controller = new AbortController();
    const gone = fetch(`${base}/fr/archive?gone`, { signal: controller.signal }).catch(() => 'aborted');
    await lineHolds(1);
    controller.abort();
    await gone;
    await lineHolds(0);
    // Its place in the line is free again, and the place it waited for goes to the one behind it.
    const next = fetch(`${base}/fr/archive?next`);
    await lineHolds(1);
    held[0]!.end('ok');
    await arrived(2);
    held[1]!.end('next');
    expect(await (await next).text()).toBe('next');
    expect((await first).status).toBe(200);
    expect(handler.inFlight()).toBe(0);
  });

  it('serves the exempt files when full: a page served must not lose its style sheet', async () => {
    const { held, base, arrived } = await serveHeld(2);
    const waiting = [1, 2].map(() => fetch(`${base}/fr/archive`));
    await arrived(2);
    const sheet = fetch(`${base}/_astro/BaseLayout.css`);
    await arrived(3);
    held[2]!.end('ok');
    expect((await sheet).status).toBe(200);
    for (const res of held.slice(0, 2)) res.end('ok');
    await Promise.all(waiting);
  });

  it('starts the requests it admits one per turn of the event loop, so none waits behind several pages', async () => {
    const started: string[] = [];
    const handler = shedLoad((req) => void started.push(req.url!), { maxInFlight: 10, maxWaitMs: 0, maxWaiting: 0, retryAfterSeconds: 2, exempt: () => false });
    const request = (url: string) => handler({ url, headers: {} } as http.IncomingMessage, new EventEmitter() as http.ServerResponse);
    request('/fr/archive');
    request('/fr/archive/search?q=a');
    request('/api/search?q=b');
    expect(started).toEqual([]);
    expect(await seenAtEachTurn(started, 3)).toEqual([['/fr/archive'], ['/fr/archive', '/fr/archive/search?q=a'], ['/fr/archive', '/fr/archive/search?q=a', '/api/search?q=b']]);
  });

  it('counts a client that went away as done, so the bound does not leak', async () => {
    const { held, handler, base, arrived } = await serveHeld(1);
    const controller = new AbortController();
    const gone = fetch(`${base}/fr/archive`, { signal: controller.signal }).catch(() => 'aborted');
    await arrived(1);
    controller.abort();
    await gone;
    while (handler.inFlight() > 0) await new Promise((resolve) => setTimeout(resolve, 2));
    const next = fetch(`${base}/fr/archive`);
    await arrived(2);
    held[1]!.end('ok');
    expect((await next).status).toBe(200);
  });

  it('keeps the connection of a request turned away without a body, and closes one whose body it did not read', async () => {
    const { held, base, arrived } = await serveHeld(1);
    const waiting = fetch(`${base}/fr/archive`);
    await arrived(1);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const ask = (method: string, body?: string) =>
      new Promise<{ status: number; connection: string | undefined; reused: boolean }>((resolve, reject) => {
        const request = http.request(`${base}/fr/archive`, { method, agent }, (response) => {
          response.resume();
          response.on('end', () => resolve({ status: response.statusCode!, connection: response.headers.connection, reused: request.reusedSocket }));
        });
        request.on('error', reject);
        request.end(body);
      });
    try {
      expect(await ask('GET')).toEqual({ status: 503, connection: 'keep-alive', reused: false });
      // The same connection answers the next request.
      expect(await ask('GET')).toEqual({ status: 503, connection: 'keep-alive', reused: true });
      expect(await ask('POST', 'name=x')).toMatchObject({ status: 503, connection: 'close' });
    } finally {
      agent.destroy();
    }
    held[0]!.end('ok');
    expect((await waiting).status).toBe(200);
  });
});
