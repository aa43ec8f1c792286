import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember } from '../../src/core/accounts/members.ts';
import { createSession, validateSessionToken } from '../../src/core/accounts/sessions.ts';
import { requestSignIn, verifySignInCode, type SignInDeps } from '../../src/core/accounts/sign-in.ts';
import { openDatabase } from '../../src/core/db/client.ts';
import { migrateDatabase } from '../../src/core/db/migrate.ts';
import { mailMessages } from '../../src/core/db/schema/mail.ts';
import { createOutboxTransport } from '../../src/core/mail/outbox-transport.ts';
import { route } from '../../src/core/routes.ts';
import { writeExportZip } from '../../src/core/synthetic-export/generate.ts';

// The requirement: sign-in keeps working while an import runs in another process, and no
// "database is busy" ever reaches a person. The real CLI imports a 150,000-message export
// into the data directory the test signs in against, round after round, until it exits.
const CLI = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const MIN_ROUNDS = 30;
const HOUR = 60 * 60 * 1000;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-sign-in-import-'));
const exportZip = path.join(work, 'export.zip');
const dataDir = path.join(work, 'data');

beforeAll(async () => {
  await writeExportZip(exportZip, { messages: 150_000, seed: 3 });
}, 120_000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
}

describe('signing in while an import runs in another process', () => {
  it('never fails, and the import completes', async () => {
    // Schema first, so the import and the sign-ins share it from the start.
    const database = await openDatabase(dataDir);
    try {
      await migrateDatabase(database.db);
      const { db } = database;
      const member = await addMember(db, 'cli', { email: 'signs-in-during-import@passerelle-test.org' });
      const deps: SignInDeps = {
        db,
        mail: { db, transport: createOutboxTransport(), from: 'Passerelle <noreply@passerelle-test.org>', keepSecretBodies: true },
        publicUrl: 'https://portail.example.org',
        communityName: 'Collectif',
        linkPath: (locale) => route('signInLink', locale),
      };

      const started = performance.now();
      const child = spawn(process.execPath, [CLI, 'import', exportZip], {
        env: { PATH: process.env.PATH ?? '', PASSERELLE_DEMO: '1', DATA_DIR: dataDir },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      let running = true;
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>((resolve) => {
        child.on('exit', (code, signal) => {
          running = false;
          resolve({ code, signal, ms: performance.now() - started });
        });
      });

      // A clock of its own, an hour and a minute further each round: the per-address and
      // per-client limits (5 and 20 an hour) never refuse, and nothing here waits for real time.
      let clock = Date.UTC(2031, 0, 1);
      const rounds: { startedMs: number; ms: number }[] = [];
      const failures: string[] = [];
      while (running) {
        clock += HOUR + 60_000;
        const roundStart = performance.now();
        try {
          const requested = await requestSignIn(deps, { email: member.email, locale: 'fr', ip: '192.0.2.10' }, clock);
          if (requested.kind !== 'sent') throw new Error(`request: ${JSON.stringify(requested)}`);
          // The person waits for their mail; its delivery must not fail either.
          const delivered = await requested.delivery;
          if (delivered?.status === 'failed') throw new Error(`delivery: ${delivered.kind}`);
          const [mail] = await db
            .select({ text: mailMessages.textBody })
            .from(mailMessages)
            .where(eq(mailMessages.memberId, member.id))
            .orderBy(sql`rowid DESC`)
            .limit(1);
          const code = /\b(\d{8})\)/.exec(mail?.text ?? '')?.[1];
          if (!code) throw new Error('no code in the sign-in mail');
          const verified = await verifySignInCode(db, requested.challengeId, code, clock + 1000);
          if (verified.kind !== 'signed-in') throw new Error(`verify: ${JSON.stringify(verified)}`);
          const { token } = await createSession(db, member.id, 'Firefox · Linux', clock + 2000);
          if (!(await validateSessionToken(db, token, clock + 3000))) throw new Error('the new session is not valid');
        } catch (error) {
          failures.push(`round ${rounds.length + 1}: ${(error as Error)?.stack ?? String(error)}`);
        }
        rounds.push({ startedMs: roundStart - started, ms: performance.now() - roundStart });
        // A person at a time, not a flood: leaves the importer its share of the lock.
        await sleep(10);
      }
      const result = await exited;

      const latencies = rounds.map((round) => round.ms).sort((a, b) => a - b);
      console.log(
        `sign-in during import: ${rounds.length} rounds over ${(result.ms / 1000).toFixed(1)} s of import; ` +
          `round latency max ${latencies.at(-1)?.toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, ` +
          `median ${percentile(latencies, 50).toFixed(1)} ms; failures ${failures.length}`,
      );

      expect(failures, failures.join('\n')).toEqual([]);
      expect(result, output).toMatchObject({ code: 0, signal: null });
      expect(output).toContain('Imported');
      expect(rounds.length).toBeGreaterThanOrEqual(MIN_ROUNDS);
      // Spread over the whole import: some round began in every quarter of it.
      for (let quarter = 0; quarter < 4; quarter++) {
        const from = (result.ms * quarter) / 4;
        const to = (result.ms * (quarter + 1)) / 4;
        expect(rounds.some((round) => round.startedMs >= from && round.startedMs < to), `a round in quarter ${quarter + 1}`).toBe(true);
      }
      // The import really wrote while we signed in.
      const { rows } = await database.client.execute('SELECT count(*) AS n FROM messages');
      expect(Number(rows[0]!.n)).toBeGreaterThan(100_000);
      const { rows: sessionRows } = await database.client.execute({ sql: 'SELECT count(*) AS n FROM sessions WHERE member_id = ?', args: [member.id] });
      expect(Number(sessionRows[0]!.n)).toBe(rounds.length);
    } finally {
      database.close();
    }
  }, 180_000);
});
