import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../core/log.ts';
import { safeError } from '../core/text/safe-error.ts';

type NodeHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** A page of the public site: every page builds the runtime first, and this one needs no session. */
export const WARM_UP_PATH = '/fr/';
export const WARMED_UP = 'web app warmed up before the port opens';
/** A runtime that takes longer than this to build is left to finish on its own. */
const WARM_UP_TIMEOUT_MS = 30_000;

/**
 * Builds the web app's runtime (its database connection, its search threads) before
 * the port opens. The app builds it at its first request, and the searches that came
 * meanwhile waited for the search thread to load and open the index: 2–3 s under load
 * (README, "Benchmarks"). One page of the public site goes through the app on a private
 * loopback socket, closed at once. A failure only costs the first reader that wait again.
 */
export async function warmUp(app: NodeHandler, log: Logger): Promise<void> {
  const server = http.createServer(app);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    const { port } = server.address() as AddressInfo;
    const started = performance.now();
    const response = await fetch(`http://127.0.0.1:${port}${WARM_UP_PATH}`, { signal: AbortSignal.timeout(WARM_UP_TIMEOUT_MS) });
    await response.arrayBuffer();
    if (!response.ok) log.warn({ status: response.status }, 'the warm-up page answered with an error: the first request builds the runtime');
    else log.info({ ms: Math.round(performance.now() - started) }, WARMED_UP);
  } catch (error) {
    log.warn({ err: safeError(error) }, 'the warm-up page failed: the first request builds the runtime');
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
