/**
 * `npm run bench:webhooks -- [--rate 200] [--seconds 60] [--port 4411]`: the
 * built server (`npm run build` first), started as operators start it, on a
 * fresh data directory, receives Postmark webhooks at a steady rate — mixed
 * kinds, one post in ten a retry of an earlier event — then the database is
 * checked: every event kept exactly once, nothing else. Prints the latency
 * percentiles, the errors and the machine; exits 1 when anything was lost or
 * the p99 is 100 ms or more.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/core/db/client.ts';
import { mailEvents } from '../src/core/db/schema/campaigns.ts';
import { readPostmarkWebhook } from '../src/core/mail/events/postmark-webhook.ts';
import { basicAuthorization, bounceHook, deliveryHook, openHook, spamComplaintHook, subscriptionChangeHook } from './postmark-webhook-bodies.ts';

const { values } = parseArgs({ options: { rate: { type: 'string', default: '200' }, seconds: { type: 'string', default: '60' }, port: { type: 'string', default: '4411' } } });
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const port = Number(values.port);
if (!(rate > 0 && seconds > 0 && Number.isInteger(port))) throw new Error('--rate, --seconds and --port must be positive numbers');

const START = fileURLToPath(new URL('../src/server/start.ts', import.meta.url));
if (!fs.existsSync(fileURLToPath(new URL('../dist/server/entry.mjs', import.meta.url)))) throw new Error('build the server first: npm run build');
const USER = 'postmark-bench';
const PASSWORD = 'bench-password-0123456789';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-bench-webhooks-'));
const origin = `http://127.0.0.1:${port}`;

const server = spawn(process.execPath, [START], {
  env: {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: origin,
    DATA_DIR: dataDir,
    COMMUNITY_NAME: 'Collectif',
    CONTACT_EMAIL: 'bonjour@example.org',
    PRIVACY_OFFICER_NAME: 'Camille',
    PRIVACY_OFFICER_EMAIL: 'vie-privee@example.org',
    POSTMARK_WEBHOOK_USER: USER,
    POSTMARK_WEBHOOK_PASSWORD: PASSWORD,
    LOG_LEVEL: 'info',
  },
  // The request log is written as in production, to nowhere.
  stdio: ['ignore', 'ignore', 'inherit'],
});

/**
 * The server process's CPU time (user + system, ms) from /proc: on a shared
 * machine the wall-clock latency says how busy the machine was, the CPU time
 * per webhook what the work costs. Null where /proc is missing.
 */
function serverCpuMs(): number | null {
  try {
    const fields = fs.readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime are fields 14 and 15 of the line, in clock ticks (100 a second on Linux).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

async function waitForServer(): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (server.exitCode !== null) throw new Error(`the server stopped (exit ${server.exitCode})`);
    try {
      if ((await fetch(`${origin}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the server did not answer /healthz within 30 s');
}

/** The n-th distinct event: half deliveries, a fifth bounces, some complaints and suppression changes, and opens the hook ignores. */
function eventBody(n: number): object {
  const messageId = `bench-${n.toString(36)}-0000-4000-8000-000000000000`;
  const email = `membre${n}@org${n % 40}.example`;
  const kind = n % 20;
  if (kind < 10) return deliveryHook(messageId, email, { at: new Date(Date.UTC(2026, 10, 20) + n * 1000).toISOString() });
  if (kind < 14) return bounceHook(1_000_000 + n, messageId, email, kind === 13 ? { type: 'SoftBounce', typeCode: 4096 } : {});
  if (kind < 16) return spamComplaintHook(1_000_000 + n, messageId, email);
  if (kind < 19) return subscriptionChangeHook(email, kind !== 18, { at: new Date(Date.UTC(2026, 10, 20) + n * 1000).toISOString() });
  return openHook(messageId, email);
}

// Kept-alive connections, as Postmark's senders reuse theirs.
const agent = new http.Agent({ keepAlive: true, maxSockets: 128 });
const authorization = basicAuthorization(USER, PASSWORD);
const latencies: number[] = [];
const failures = new Map<string, number>();
const expected = new Set<string>();
let retries = 0;

function post(body: object): Promise<void> {
  const payload = JSON.stringify(body);
  const started = performance.now();
  const fail = (name: string) => failures.set(name, (failures.get(name) ?? 0) + 1);
  return new Promise((resolve) => {
    const request = http.request(
      `${origin}/hooks/postmark`,
      { method: 'POST', agent, headers: { authorization, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
      (response) => {
        response.resume();
        response.on('end', () => {
          if (response.statusCode !== 200) fail(`HTTP ${response.statusCode}`);
          latencies.push(performance.now() - started);
          resolve();
        });
      },
    );
    request.on('error', (error) => {
      fail(error.message);
      latencies.push(performance.now() - started);
      resolve();
    });
    request.end(payload);
  });
}

try {
  await waitForServer();
  // A few requests to warm the server up, not counted.
  for (let n = 0; n < 20; n++) await post(openHook(`warm-${n}`, 'warm@example.org'));
  latencies.length = 0;

  const cpuBefore = serverCpuMs();
  const total = Math.round(rate * seconds);
  const pending: Promise<void>[] = [];
  const began = performance.now();
  let distinct = 0;
  for (let index = 0; index < total; index++) {
    // An open loop: each post leaves at its time whether or not earlier ones were answered.
    const due = began + (index * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    let body: object;
    if (index % 10 === 9 && distinct > 0) {
      // Postmark retrying an event it already sent (an earlier answer it did not see).
      body = eventBody(Math.floor(Math.random() * distinct));
      retries++;
    } else {
      body = eventBody(distinct++);
      const reading = readPostmarkWebhook(body);
      if (reading.outcome === 'event') expected.add(reading.event.id);
    }
    pending.push(post(body));
  }
  await Promise.all(pending);
  const elapsed = (performance.now() - began) / 1000;
  const cpuAfter = serverCpuMs();

  const database = await openDatabase(dataDir);
  const stored = await database.db.select({ id: mailEvents.id }).from(mailEvents);
  database.close();
  const storedIds = new Set(stored.map((row) => row.id));
  const missing = [...expected].filter((id) => !storedIds.has(id)).length;
  const extra = stored.filter((row) => !expected.has(row.id)).length;

  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))]!;
  const errors = [...failures].map(([name, count]) => `${count} × ${name}`).join(', ') || 'none';
  const line = (text: string) => process.stdout.write(`${text}\n`);
  line(`machine: ${os.cpus()[0]?.model ?? 'unknown'} × ${os.cpus().length}, load average ${os.loadavg().map((value) => value.toFixed(2)).join(' ')}, Node ${process.version}`);
  line(`posted: ${latencies.length} webhooks in ${elapsed.toFixed(1)} s (${Math.round(latencies.length / elapsed)}/s asked ${rate}/s), ${retries} of them retries`);
  line(`latency: p50 ${at(0.5).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms`);
  line(`errors: ${errors}`);
  if (cpuBefore !== null && cpuAfter !== null) line(`server CPU: ${((cpuAfter - cpuBefore) / latencies.length).toFixed(2)} ms per webhook (${((cpuAfter - cpuBefore) / 1000 / elapsed).toFixed(2)} cores busy on average)`);
  line(`stored: ${stored.length} events for ${expected.size} distinct kept events (${missing} missing, ${extra} unexpected; opens ignored)`);
  if (missing > 0 || extra > 0 || failures.size > 0 || at(0.99) >= 100) process.exitCode = 1;
} finally {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  agent.destroy();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
