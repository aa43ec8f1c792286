import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DATABASE_FILE_NAME, openDatabase, type Database } from '../../src/core/db/client.ts';
import { migrateDatabase } from '../../src/core/db/migrate.ts';
import { ImportRefusedError } from '../../src/core/slack-import/errors.ts';
import { importSlackExport, type ImportSummary } from '../../src/core/slack-import/import-export.ts';
import { DEFAULT_IMPORT_LIMITS } from '../../src/core/slack-import/source/limits.ts';
import { hashArchiveTables } from '../support/archive-hash.ts';
import { writeRawZip } from '../support/raw-zip.ts';
import type { ExportFiles, Mutant } from './export-mutants.ts';

/*
 * What a damaged export does to the importer, in classes: refused with one
 * line, imported (with or without damage named), or one of the three that must
 * never happen: a crash (anything but a refusal thrown), a hang, or a silent
 * loss (a message of the original neither imported nor named in the summary).
 */

export const OUTCOMES = ['refused', 'imported', 'imported, damage named', 'crash', 'hang', 'silent loss'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface FuzzBase {
  label: string;
  files: ExportFiles;
  zip: Buffer;
  /** Each day file's messages, by position: what must be imported or named. */
  messages: Map<string, (string | undefined)[]>;
  /** The archive a fresh import of the original makes, table by table. */
  fresh: Record<string, string>;
  /** Lines the original's own summary holds (an unlisted folder, no users.json…): not damage. */
  notes: number;
}

export interface MutantResult {
  outcome: Outcome;
  /** A clean re-import of the original after the mutant made the same archive as a fresh import; null after a crash or a hang. */
  converges: boolean | null;
  /** The tables where that re-import differs from a fresh import. */
  diverging?: string[];
  detail: string;
}

const DAY_FILE = /^(.*)\/(\d{4}-\d{2}-\d{2})\.json$/s;
const HANG_MS = 60_000;

export function zipOf(files: ExportFiles): Buffer {
  return writeRawZip([...files].map(([name, data]) => ({ name: Buffer.from(name, 'utf8'), data, method: 'deflate' as const, utf8Flag: true })));
}

/** Every file of a folder export by its name inside the export. */
export function readFolder(root: string): ExportFiles {
  const files: ExportFiles = new Map();
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(root, relative), { withFileTypes: true })) {
      const name = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(name);
      else files.set(name, fs.readFileSync(path.join(root, name)));
    }
  };
  walk('');
  return files;
}

/** A migrated, empty store to copy for each import: migrating once is most of the cost of a small import. */
export async function createTemplate(dir: string): Promise<string> {
  const database = await openDatabase(dir);
  await migrateDatabase(database.db);
  await database.client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
  database.close();
  return path.join(dir, DATABASE_FILE_NAME);
}

async function storeFrom(template: string): Promise<{ database: Database; dispose(): void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-fuzz-'));
  fs.copyFileSync(template, path.join(dir, DATABASE_FILE_NAME));
  const database = await openDatabase(dir);
  return {
    database,
    dispose: () => {
      if (!database.client.closed) database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function importZip(database: Database, zip: Buffer): Promise<ImportSummary> {
  const file = path.join(path.dirname(database.file), 'export.zip');
  fs.writeFileSync(file, zip);
  return importSlackExport(database, file, { limits: DEFAULT_IMPORT_LIMITS, includeDms: true });
}

export async function prepareBase(label: string, files: ExportFiles, template: string): Promise<FuzzBase> {
  const messages = new Map<string, (string | undefined)[]>();
  for (const [name, data] of files) {
    if (!DAY_FILE.test(name)) continue;
    const list = JSON.parse(data.toString('utf8')) as { ts?: string | number }[];
    // Old exports write some ts as numbers; the archive keeps them as Slack means them, six decimals.
    messages.set(name, list.map(({ ts }) => (typeof ts === 'number' ? ts.toFixed(6) : ts)));
  }
  const zip = zipOf(files);
  const store = await storeFrom(template);
  try {
    const summary = await importZip(store.database, zip);
    return { label, files, zip, messages, fresh: await hashArchiveTables(store.database.client), notes: notesOf(summary) };
  } finally {
    store.dispose();
  }
}

/** The messages of the original that the archive does not hold and the summary does not name. */
function silentlyLost(base: FuzzBase, mutant: Mutant, summary: ImportSummary, stored: Set<string>): string[] {
  const named = new Set(summary.skipped.map((line) => line.item));
  const ignored = new Set(summary.ignored);
  const lost: string[] = [];
  for (const [original, list] of base.messages) {
    if (mutant.removed.has(original)) continue;
    const name = mutant.renamed.get(original) ?? original;
    const folder = `${name.slice(0, name.lastIndexOf('/'))}/`;
    if (named.has(name) || ignored.has(name) || named.has(folder)) continue;
    list.forEach((ts, index) => {
      if (ts !== undefined && stored.has(ts)) return;
      if (named.has(`${name} [${index}]`)) return;
      lost.push(`${name} [${index}] ${ts}`);
    });
  }
  return lost;
}

function withTimeout<T>(work: Promise<T>): Promise<T | 'hang'> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<'hang'>((resolve) => (timer = setTimeout(() => resolve('hang'), HANG_MS)));
  return Promise.race([work, hang]).finally(() => clearTimeout(timer));
}

/**
 * Imports the mutant into a fresh store and classifies what happened; then, unless
 * it crashed or hung, re-imports the original and compares with a fresh import.
 */
export async function runMutant(base: FuzzBase, mutant: Mutant, template: string): Promise<MutantResult> {
  const store = await storeFrom(template);
  try {
    let summary: ImportSummary;
    try {
      const result = await withTimeout(importZip(store.database, mutant.zip));
      if (result === 'hang') return { outcome: 'hang', converges: null, detail: `no end after ${HANG_MS / 1000} s` };
      summary = result;
    } catch (error) {
      if (!(error instanceof ImportRefusedError)) return { outcome: 'crash', converges: null, detail: error instanceof Error ? (error.stack ?? error.message) : String(error) };
      const diverging = await reimportDiffers(base, store.database);
      return { outcome: 'refused', converges: diverging.length === 0, diverging, detail: error.message };
    }
    const { rows } = await store.database.client.execute('SELECT ts FROM messages');
    const lost = silentlyLost(base, mutant, summary, new Set(rows.map((row) => String(row.ts))));
    const diverging = await reimportDiffers(base, store.database);
    const converges = diverging.length === 0;
    if (lost.length > 0) return { outcome: 'silent loss', converges, diverging, detail: `${lost.length} messages, first ${lost.slice(0, 3).join(', ')}` };
    return { outcome: notesOf(summary) > base.notes ? 'imported, damage named' : 'imported', converges, diverging, detail: '' };
  } finally {
    store.dispose();
  }
}

function notesOf(summary: ImportSummary): number {
  return summary.skipped.length + summary.ignored.length + summary.ignoredFields.length;
}

/** The tables where a clean re-import of the original differs from its fresh import. */
async function reimportDiffers(base: FuzzBase, database: Database): Promise<string[]> {
  await importZip(database, base.zip);
  const again = await hashArchiveTables(database.client);
  return Object.keys(base.fresh).filter((table) => again[table] !== base.fresh[table]);
}
