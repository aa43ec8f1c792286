import type http from 'node:http';
import { describe, expect, it } from 'vitest';
import { captureLog } from '../../tests/support/capture-log.ts';
import { WARMED_UP, warmUp, WARM_UP_PATH } from './warm-up.ts';

describe('warming the app up before the port opens', () => {
  it('sends one page of the public site through the app, then closes its socket', async () => {
    const seen: string[] = [];
    let connection: { destroyed: boolean } | undefined;
    const app = (req: http.IncomingMessage, res: http.ServerResponse) => {
      seen.push(`${req.method} ${req.url}`);
      connection = req.socket;
      res.end('<!doctype html>');
    };
    const { log, output } = captureLog();
    await warmUp(app, log);
    expect(seen).toEqual([`GET ${WARM_UP_PATH}`]);
    expect(connection?.destroyed).toBe(true);
    expect(output()).toContain(WARMED_UP);
    expect(output()).not.toContain('"level":40');
  });

  it('starts anyway when the page fails, and says so without details', async () => {
    const { log, output } = captureLog();
    await warmUp((_req, res) => res.writeHead(500).end('secret stack'), log);
    expect(output()).toContain('the warm-up page answered with an error');
    expect(output()).not.toContain(WARMED_UP);
    expect(output()).not.toContain('secret stack');

    const broken = captureLog();
    await warmUp((req) => req.socket.destroy(), broken.log);
    expect(broken.output()).toContain('the warm-up page failed');
  });
});
