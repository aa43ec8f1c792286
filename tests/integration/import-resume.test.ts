import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/core/db/client.ts';
import { hashArchive } from '../support/archive-hash.ts';
import { writeExportZip } from '../../src/core/synthetic-export/generate.ts';

// The acceptance test for resumable imports: the real CLI, killed with SIGKILL at
// random points, then run again, must leave the very archive one clean run leaves.
const CLI = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const KILLS = 20;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-resume-'));
const exportZip = path.join(work, 'export.zip');

function runImport(dataDir: string, killAfterMs?: number): Promise<{ code: number | null; killed: boolean; ms: number }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CLI, 'import', exportZip], {
      env: { PATH: process.env.PATH ?? '', PASSERELLE_DEMO: '1', DATA_DIR: dataDir },
      stdio: 'ignore',
    });
    let killed = false;
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => (killed = child.kill('SIGKILL')), killAfterMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, killed: killed && signal === 'SIGKILL', ms: performance.now() - started });
    });
  });
}

/** The search index the import writes beside the archive: documents, word counts, FTS rows and the queue, all but ids. */
async function searchIndexOf(client: Client): Promise<string> {
  const hash = createHash('sha256');
  for (const sql of [
    'SELECT channel_id, ts, author_id, year FROM search_docs ORDER BY channel_id, ts',
    'SELECT term, docs FROM search_terms ORDER BY term',
    'SELECT count(*) FROM search_fts',
    "SELECT count(*) FROM search_fts WHERE search_fts MATCH 'donnees OR data'",
    'SELECT count(*) FROM search_queue',
  ]) {
    for (const row of (await client.execute(sql)).rows) hash.update(JSON.stringify(Object.values(row)));
  }
  return hash.digest('hex');
}

async function archiveOf(dataDir: string): Promise<{ hash: string; messages: number; searchIndex: string }> {
  const database = await openDatabase(dataDir);
  try {
    const { rows } = await database.client.execute('SELECT count(*) AS n FROM messages');
    return { hash: await hashArchive(database.client), messages: Number(rows[0]!.n), searchIndex: await searchIndexOf(database.client) };
  } finally {
    database.close();
  }
}

let reference: { hash: string; messages: number; searchIndex: string };
let cleanRunMs = 0;

beforeAll(async () => {
  await writeExportZip(exportZip, { messages: 30_000, seed: 7 });
  const clean = await runImport(path.join(work, 'clean'));
  expect(clean.code).toBe(0);
  cleanRunMs = clean.ms;
  reference = await archiveOf(path.join(work, 'clean'));
}, 120_000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('an import killed at random points', () => {
  it(`ends, once re-run, identical to an uninterrupted import (${KILLS} kills)`, async () => {
    const dataDir = path.join(work, 'killed');
    let realKills = 0;
    // A deterministic spread of kill times over the whole run, start-up included.
    for (let attempt = 0; realKills < KILLS && attempt < KILLS * 3; attempt++) {
      const at = Math.round(((attempt * 7919) % 97) / 97 * cleanRunMs * 0.95) + 50;
      const run = await runImport(dataDir, at);
      if (run.killed) realKills += 1;
      else expect(run.code).toBe(0);
    }
    expect(realKills).toBe(KILLS);
    const resumed = await runImport(dataDir);
    expect(resumed.code).toBe(0);
    const after = await archiveOf(dataDir);
    expect(after.messages).toBe(reference.messages);
    expect(after.hash).toBe(reference.hash);
    // The index is written in the import's own transactions: it must have followed every kill.
    expect(after.searchIndex).toBe(reference.searchIndex);
  }, 300_000);
});
