import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { validateSessionToken } from '../core/accounts/sessions.ts';
import { openDatabase } from '../core/db/client.ts';
import { migrateDatabase } from '../core/db/migrate.ts';

const WRITER = fileURLToPath(new URL('../../tests/support/sessions-under-kill.ts', import.meta.url));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-crash-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('kill -9 while writing, then a restart', () => {
  it('opens again, passes the integrity check, and every session written before the kill still signs its member in', async () => {
    const child = spawn(process.execPath, [WRITER, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    const tokens: string[] = [];
    let buffered = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        tokens.push(...lines);
        // Well into the loop: writes in flight at any instant.
        if (tokens.length >= 40 && child.exitCode === null) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`the writer exited on its own (${code})`))));
    });
    await new Promise((resolve) => (child.exitCode === null && child.signalCode === null ? child.once('exit', resolve) : resolve(null)));
    expect(child.signalCode).toBe('SIGKILL');

    // The restart: the server opens and migrates the database as at every start.
    const database = await openDatabase(dir);
    try {
      await migrateDatabase(database.db);
      const check = await database.client.execute('PRAGMA integrity_check');
      expect(check.rows.map((row) => row[0])).toEqual(['ok']);
      for (const token of tokens) {
        const session = await validateSessionToken(database.db, token);
        expect(session?.member.email).toBe('survivante@example.org');
      }
    } finally {
      database.close();
    }
  }, 120_000);
});
