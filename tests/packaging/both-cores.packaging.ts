import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findMemberByEmail } from '../../src/core/accounts/members.ts';
import { createSession } from '../../src/core/accounts/sessions.ts';
import { openDatabase } from '../../src/core/db/client.ts';
import { childProcessesOf } from '../../bench/child-processes.ts';
import { closedLocalUrl } from '../support/closed-port.ts';
import { WARMED_UP } from '../../src/server/warm-up.ts';

/**
 * The built server as `npm start` runs it, with two serving processes (the one
 * started, and one it starts): both answer, the background jobs run once, a rate
 * limit holds across the processes, a process that dies is replaced, a kill -9 of
 * the first ends the other, and SIGTERM stops them all.
 * Needs the build (`npm test` runs this after the browser tests made it).
 */
const START = fileURLToPath(new URL('../../src/server/start.ts', import.meta.url));
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-cores-'));
let port = 0;
let origin = '';
let server: ChildProcess;
let output = '';

interface LogLine {
  msg: string;
  worker?: number;
  signal?: string;
  exitCode?: number | null;
  jobs?: string[];
}
const logLines = (): LogLine[] =>
  output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** One request on its own connection (the cluster hands out connections, not requests). */
function request(
  method: string,
  address: string,
  body?: string,
  extra: Record<string, string> = {},
): Promise<{ status: number; worker: string | undefined; etag: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${origin}${address}`,
      {
        method,
        agent: false,
        headers: { ...extra, ...(body ? { 'content-type': 'application/x-www-form-urlencoded', origin, 'content-length': Buffer.byteLength(body) } : {}) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, worker: res.headers['x-passerelle-worker'] as string | undefined, etag: res.headers.etag }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The serving processes the server started: its children. */
function children(): number[] {
  return childProcessesOf(server.pid!);
}

async function until<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, withinMs = 90_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    if (server.exitCode !== null) throw new Error(`the server exited (${server.exitCode}) while waiting for ${what}:\n${output}`);
    if (Date.now() - started > withinMs) throw new Error(`no ${what} within ${withinMs} ms:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The workers that answered /healthz over a few fresh connections. */
async function answeringWorkers(tries = 24): Promise<Set<string>> {
  const seen = new Set<string>();
  for (let i = 0; i < tries; i++) {
    const answer = await request('GET', '/healthz').catch(() => null);
    if (answer?.status === 200 && answer.worker) seen.add(answer.worker);
  }
  return seen;
}

/** The server as `npm start` runs it, on two serving processes; resolves once both listen. */
async function startServer(): Promise<void> {
  output = '';
  server = spawn(process.execPath, [START, '--demo'], {
    env: {
      PATH: process.env.PATH ?? '',
      DATA_DIR: dataDir,
      PORT: String(port),
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
      PASSERELLE_WORKERS: '2',
      PASSERELLE_WORKER_HEADER: '1',
      // The racing sign-ins below are fourteen at once, possibly nine on one process: none may be shed (its share is 8 by default).
      MAX_REQUESTS_IN_FLIGHT: '64',
      // With Postmark configured the campaign sender is one of the jobs (nothing is sent: no campaign, no server).
      POSTMARK_SERVER_TOKEN: 'cores-test-token',
      MAIL_FROM: 'bonjour@example.org',
      POSTMARK_API_URL: await closedLocalUrl(),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  server.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await until('two serving processes', () => logLines().filter((line) => line.msg.startsWith('Passerelle is serving')).length >= 2, 120_000);
}

/** Whether nothing listens on the port any more. */
const portFree = () =>
  new Promise<boolean>((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, 'localhost', () => probe.close(() => resolve(true)));
  });

beforeAll(async () => {
  port = await freePort();
  origin = `http://localhost:${port}`;
  await startServer();
}, 150_000);

afterAll(() => {
  if (server.exitCode === null) server.kill('SIGKILL');
  for (const pid of children()) process.kill(pid, 'SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the server on two cores', () => {
  it('answers from both serving processes, the one started and its child', async () => {
    expect(children()).toHaveLength(1);
    expect(await answeringWorkers()).toEqual(new Set(['1', '2']));
    const serving = logLines().filter((line) => line.msg.startsWith('Passerelle is serving'));
    expect(serving.map((line) => line.worker).sort()).toEqual([1, 2]);
  });

  it('builds the web app of each serving process before it opens the port, so no first reader waits for it', () => {
    for (const worker of [1, 2]) {
      const lines = logLines().filter((line) => line.worker === worker).map((line) => line.msg);
      const warmed = lines.indexOf(WARMED_UP);
      expect(warmed, `process ${worker}`).toBeGreaterThanOrEqual(0);
      expect(warmed, `process ${worker}`).toBeLessThan(lines.findIndex((msg) => msg.startsWith('Passerelle is serving')));
    }
  });

  it('runs the background jobs in one process only, the one started', () => {
    const started = logLines().filter((line) => line.msg === 'background jobs started');
    expect(started).toHaveLength(1);
    expect(started[0]!.worker).toBeUndefined();
    expect(started[0]!.jobs).toEqual(['account pruning', 'retention policy', 'campaign sender']);
    const senders = logLines().filter((line) => line.msg === 'campaign sender started');
    expect(senders).toHaveLength(1);
    expect(senders[0]!.worker).toBeUndefined();
    // The database is prepared once: migrated and seeded before the serving processes start.
    expect(logLines().filter((line) => line.msg === 'database ready')).toHaveLength(1);
  });

  it('holds a sign-in rate limit across the processes, requests racing', async () => {
    // Five sign-in requests per address an hour (accounts/rate-limit.ts): fourteen at once, on fourteen connections
    // (the kernel spreads them by address: all on one process once in eight thousand runs), sixteen in all under the limit per IP.
    const body = `email=${encodeURIComponent('quelquun@example.net')}`;
    const answers = await Promise.all(Array.from({ length: 14 }, () => request('POST', '/fr/connexion', body)));
    expect(new Set(answers.map((answer) => answer.worker))).toEqual(new Set(['1', '2']));
    expect(answers.filter((answer) => answer.status === 303)).toHaveLength(5);
    expect(answers.filter((answer) => answer.status === 429)).toHaveLength(9);
    // And after: whichever process answers, the address is still limited.
    const later = await Promise.all(Array.from({ length: 2 }, () => request('POST', '/fr/connexion', body)));
    expect(later.map((answer) => answer.status)).toEqual([429, 429]);
  });

  it('answers 304 from either process to a page the other tagged', async () => {
    const database = await openDatabase(dataDir);
    let cookie: string;
    try {
      const member = (await findMemberByEmail(database.db, 'elise.cote@example.org'))!;
      // The demo invites its members; one who renewed reads the archive.
      await database.client.execute({ sql: "UPDATE members SET status = 'active' WHERE id = ?", args: [member.id] });
      cookie = `passerelle-session=${(await createSession(database.db, member.id, 'test')).token}`;
    } finally {
      database.close();
    }
    const first = await request('GET', '/fr/archive', undefined, { cookie });
    expect(first.status).toBe(200);
    expect(first.etag).toBeTruthy();
    // The kernel spreads connections by their addresses, not in turn: ask until both processes have answered.
    const again: Awaited<ReturnType<typeof request>>[] = [];
    while (again.length < 40 && new Set(again.map((answer) => answer.worker)).size < 2) again.push(await request('GET', '/fr/archive', undefined, { cookie, 'if-none-match': first.etag! }));
    expect(new Set(again.map((answer) => answer.worker))).toEqual(new Set(['1', '2']));
    expect(new Set(again.map((answer) => answer.status))).toEqual(new Set([304]));
  });

  it('replaces a serving process that dies, and says so in the log without details', async () => {
    const [victim] = children();
    process.kill(victim!, 'SIGKILL');
    const ended = await until('the replacement notice', () => logLines().find((line) => line.msg === 'a serving process ended: starting another'));
    expect(ended).toMatchObject({ signal: 'SIGKILL', exitCode: null });
    expect(Object.keys(ended).sort()).toEqual(['exitCode', 'level', 'msg', 'signal', 'time', 'worker']);
    await until('a third serving process', () => logLines().some((line) => line.msg.startsWith('Passerelle is serving') && line.worker === 3));
    expect(children()).toHaveLength(1);
    expect(children()).not.toContain(victim);
    const seen = await answeringWorkers();
    expect(seen.has('3')).toBe(true);
    expect(seen.size).toBe(2);
  });

  it('stops every process on SIGTERM to the one started', async () => {
    const serving = children();
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
    for (const pid of serving) expect(() => process.kill(pid, 0)).toThrow();
    // The first process stopped its jobs too: the campaign sender gave its lease back.
    expect(logLines().some((line) => line.msg === 'campaign sender stopped')).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'passerelle-server.pid'))).toBe(false);
  });

  it('ends the other serving process when the first is killed outright, so a restart finds the port free', async () => {
    await startServer();
    const [other] = children();
    expect(other).toBeDefined();
    process.kill(server.pid!, 'SIGKILL');
    // The other learns it from its channel to the first one closing: it finishes and ends by itself.
    const ended = () => {
      // Gone, or dead and waiting for whoever adopted it to collect it.
      const stat = fs.existsSync(`/proc/${other}/stat`) ? fs.readFileSync(`/proc/${other}/stat`, 'utf8') : '';
      return stat === '' || /^\d+ \(.*\) Z/.test(stat);
    };
    for (let waited = 0; !ended() && waited < 30_000; waited += 200) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(ended()).toBe(true);
    expect(await portFree()).toBe(true);
  });
});
