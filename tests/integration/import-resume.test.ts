import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Libsql from 'libsql';
import { DATABASE_FILE_NAME, openDatabase } from '../../src/core/db/client.ts';
import { hashArchive } from '../support/archive-hash.ts';
import { writeExportZip } from '../../src/core/synthetic-export/generate.ts';

// The acceptance test for resumable imports: the real CLI, killed with SIGKILL
// while it writes, then run again, must leave the very archive one clean run leaves.
const CLI = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const KILLS = 20;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-resume-'));
const exportZip = path.join(work, 'export.zip');

/** Day files the archive records as imported: what the import has committed so far. */
function committedDayFiles(dataDir: string): number {
  const file = path.join(dataDir, DATABASE_FILE_NAME);
  if (!fs.existsSync(file)) return 0;
  const db = new Libsql(file, { readonly: true });
  try {
    return Number((db.prepare('SELECT count(*) FROM imported_entries').raw().get() as [number])[0]);
  } catch (error) {
    // Before the first migration has committed, or while the import holds a lock no reader can pass: nothing committed to see yet.
    if (/no such table|database is locked/.test(String(error))) return 0;
    throw error;
  } finally {
    db.close();
  }
}

/**
 * Runs the CLI's import; with `kill`, kills it (SIGKILL) once it has committed
 * `at` day files, `afterMs` later: somewhere in the writing of the next ones.
 */
async function runImport(dataDir: string, kill?: { at: number; afterMs: number }, command: string[] = ['import', exportZip]): Promise<{ code: number | null; killed: boolean }> {
  const child = spawn(process.execPath, [CLI, ...command], {
    env: { PATH: process.env.PATH ?? '', PASSERELLE_DEMO: '1', DATA_DIR: dataDir },
    stdio: 'ignore',
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  let running = true;
  void exited.then(() => (running = false));
  let killed = false;
  while (kill !== undefined && running) {
    // WAL lets this read beside the writer: the kill follows the import's committed progress, not the clock.
    if (committedDayFiles(dataDir) >= kill.at) {
      if (kill.afterMs > 0) await new Promise((resolve) => setTimeout(resolve, kill.afterMs));
      killed = child.kill('SIGKILL');
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  const { code, signal } = await exited;
  return { code, killed: killed && signal === 'SIGKILL' };
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
let dayFiles = 0;

beforeAll(async () => {
  // Eight channels make some 6,000 day files: about 30 groups committed, enough for every kill to land past the last.
  await writeExportZip(exportZip, { messages: 30_000, seed: 7, channels: 8 });
  const clean = await runImport(path.join(work, 'clean'));
  expect(clean.code).toBe(0);
  reference = await archiveOf(path.join(work, 'clean'));
  dayFiles = committedDayFiles(path.join(work, 'clean'));
}, 120_000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('an import killed while it writes', () => {
  it(`ends, once re-run, identical to an uninterrupted import (${KILLS} kills spread over the writing)`, async () => {
    const dataDir = path.join(work, 'killed');
    // The database exists, in WAL mode, before anything reads it beside the import: a reader during the
    // first run's schema creation could make it fail before it is killed.
    expect((await runImport(dataDir, undefined, ['migrate'])).code).toBe(0);
    let committed = 0;
    for (let kill = 1; kill <= KILLS; kill++) {
      // Each run resumes, then is killed once it has written past the next step of the export, at a different
      // point of the next group's reading, mapping and writing (right after a commit catches records that
      // would commit before their messages). The kills stop at about four fifths of the export: on a loaded
      // machine a kill's delay can outlast the last groups, and a kill after the last commit tests nothing here.
      const at = Math.max(committed + 1, Math.floor((dayFiles * kill * 4) / ((KILLS + 1) * 5)));
      const run = await runImport(dataDir, { at, afterMs: ((kill * 7) % 10) * 15 });
      expect(run.killed, `run ${kill} ended (exit code ${run.code}) before its kill at ${at} day files`).toBe(true);
      const now = committedDayFiles(dataDir);
      // Landed mid-write: this run committed something, and the import was not over.
      expect(now).toBeGreaterThan(committed);
      expect(now).toBeLessThan(dayFiles);
      committed = now;
    }
    const resumed = await runImport(dataDir);
    expect(resumed.code).toBe(0);
    const after = await archiveOf(dataDir);
    expect(after.messages).toBe(reference.messages);
    expect(after.hash).toBe(reference.hash);
    // The index is written in the import's own transactions: it must have followed every kill.
    expect(after.searchIndex).toBe(reference.searchIndex);
  }, 300_000);
});
