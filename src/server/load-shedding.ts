import type http from 'node:http';
import { translator } from '../core/i18n/index.ts';
import { inItsOwnTurn } from '../core/own-turn.ts';

type NodeHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface LoadSheddingOptions {
  /** Requests the server works on at once; past it, new ones are turned away at once. */
  maxInFlight: number;
  /** What a turned-away client is told to wait before trying again. */
  retryAfterSeconds: number;
  /** Requests served whatever the load: files that cost next to nothing, without which a page served reads broken. */
  exempt: (req: http.IncomingMessage) => boolean;
}

const fr = translator('fr');
const en = translator('en');

/**
 * Bounds the work in progress. One Node process renders one page at a time:
 * without a bound, a burst queues every reader behind it for seconds and
 * some time out. Past the bound, an immediate 503 with Retry-After lets
 * clients and proxies come back instead, and those already in keep their pace.
 */
export function shedLoad(handler: NodeHandler, options: LoadSheddingOptions): NodeHandler & { inFlight(): number } {
  let inFlight = 0;
  const busyPage =
    `<!doctype html><html lang="fr"><meta charset="utf-8"><title>${fr('server.busy.title')} · ${en('server.busy.title')}</title>` +
    `<p>${fr('server.busy.body')}</p><p lang="en">${en('server.busy.body')}</p></html>\n`;

  const shedding = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    if (inFlight >= options.maxInFlight && !options.exempt(req)) {
      res.writeHead(503, {
        'retry-after': String(options.retryAfterSeconds),
        'cache-control': 'no-store',
        'content-type': 'text/html; charset=utf-8',
        // A body is not read (an upload may be large): its connection is not reused. Without one, the connection
        // stays open: reconnecting costs an overloaded server a handshake, and a client its place.
        ...(carriesBody(req) ? { connection: 'close' } : {}),
      });
      res.end(busyPage);
      return;
    }
    inFlight++;
    // 'close' follows both a finished response and a client that went away.
    res.once('close', () => inFlight--);
    // Each starts in its own turn of the event loop: none waits behind several pages.
    inItsOwnTurn(() => handler(req, res));
  };
  return Object.assign(shedding, { inFlight: () => inFlight });
}

function carriesBody(req: http.IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');
}
