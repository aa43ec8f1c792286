import type http from 'node:http';
import { translator } from '../core/i18n/index.ts';
import { inItsOwnTurn } from '../core/own-turn.ts';

type NodeHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface LoadSheddingOptions {
  /** Requests the server works on at once; past it, new ones wait briefly for a place, then are turned away. */
  maxInFlight: number;
  /** How long a request past the bound may wait for a place before it is turned away (0: at once). */
  maxWaitMs: number;
  /** Requests that may wait at once; past it, new ones are turned away at once. */
  maxWaiting: number;
  /** What a turned-away client is told to wait before trying again. */
  retryAfterSeconds: number;
  /** Requests served whatever the load: files that cost next to nothing, without which a page served reads broken. */
  exempt: (req: http.IncomingMessage) => boolean;
}

interface Waiting {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  /** Takes it out of the line: its time is up, its client went away, or a place came free. */
  leave: () => void;
}

const fr = translator('fr');
const en = translator('en');

/**
 * Bounds the work in progress. One Node process renders one page at a time:
 * without a bound, a burst queues every reader behind it for seconds and
 * some time out. Past the bound, a request waits briefly for a place (a
 * short burst is then served rather than refused, and fewer clients are sent
 * away to ask again at once, each refusal costing the server a request to
 * read and answer), then gets a 503 with Retry-After, so clients and proxies
 * come back later, and those already in keep their pace.
 */
export function shedLoad(handler: NodeHandler, options: LoadSheddingOptions): NodeHandler & { inFlight(): number; waiting(): number } {
  let inFlight = 0;
  // First come, first served: the oldest waiting request takes the next free place.
  const waiting: Waiting[] = [];
  const busyPage =
    `<!doctype html><html lang="fr"><meta charset="utf-8"><title>${fr('server.busy.title')} · ${en('server.busy.title')}</title>` +
    `<p>${fr('server.busy.body')}</p><p lang="en">${en('server.busy.body')}</p></html>\n`;

  const refuse = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    res.writeHead(503, {
      'retry-after': String(options.retryAfterSeconds),
      'cache-control': 'no-store',
      'content-type': 'text/html; charset=utf-8',
      // A body is not read (an upload may be large): its connection is not reused. Without one, the connection
      // stays open: reconnecting costs an overloaded server a handshake, and a client its place.
      ...(carriesBody(req) ? { connection: 'close' } : {}),
    });
    res.end(busyPage);
  };
  const release = (): void => {
    inFlight--;
    // The exempt files count in flight too: a place is free only below the bound.
    const next = waiting[0];
    if (next && inFlight < options.maxInFlight) {
      next.leave();
      start(next.req, next.res);
    }
  };
  const start = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    inFlight++;
    // 'close' follows both a finished response and a client that went away.
    res.once('close', release);
    // Each starts in its own turn of the event loop: none waits behind several pages.
    inItsOwnTurn(() => handler(req, res));
  };
  const wait = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const timer = setTimeout(() => {
      entry.leave();
      refuse(req, res);
    }, options.maxWaitMs);
    const entry: Waiting = {
      req,
      res,
      leave: () => {
        clearTimeout(timer);
        const at = waiting.indexOf(entry);
        if (at >= 0) waiting.splice(at, 1);
        res.off('close', entry.leave);
      },
    };
    // A client that goes away while it waits gives up its place in the line.
    res.once('close', entry.leave);
    waiting.push(entry);
  };

  const shedding = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    if (options.exempt(req) || inFlight < options.maxInFlight) start(req, res);
    else if (options.maxWaitMs > 0 && waiting.length < options.maxWaiting) wait(req, res);
    else refuse(req, res);
  };
  return Object.assign(shedding, { inFlight: () => inFlight, waiting: () => waiting.length });
}

function carriesBody(req: http.IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');
}
