import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addMembersFromSlack } from '../../src/core/accounts/import-members.ts';
import { openDatabase, type Database } from '../../src/core/db/client.ts';
import { migrateDatabase } from '../../src/core/db/migrate.ts';
import type { SearchEngine } from '../../src/core/search/port.ts';
import { importSlackExport } from '../../src/core/slack-import/import-export.ts';
import { DEFAULT_IMPORT_LIMITS } from '../../src/core/slack-import/source/limits.ts';
import { writeExportFolder } from '../../src/core/synthetic-export/generate.ts';

/** An archive in a temporary folder, imported from an export as `passerelle import` does, with an account for each Slack person. */
export interface ImportedArchive {
  database: Database;
  dir: string;
  engine: SearchEngine;
  /** Closes the engine and the database, and removes the folder. */
  dispose(): Promise<void>;
}

/**
 * Imports an export (direct messages included) into a fresh archive, indexing
 * through the engine `makeEngine` builds on it, then gives every Slack person an account.
 * Whatever fails, nothing is left behind.
 */
export async function importArchive(label: string, exportPath: string, makeEngine: (database: Database) => Promise<SearchEngine>): Promise<ImportedArchive> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `passerelle-${label}-`));
  const database = await openDatabase(dir);
  let engine: SearchEngine | undefined;
  const dispose = async () => {
    await engine?.close().catch(() => undefined);
    database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await migrateDatabase(database.db);
    engine = await makeEngine(database);
    const summary = await importSlackExport(database, exportPath, { limits: DEFAULT_IMPORT_LIMITS, includeDms: true, search: engine });
    if (summary.search.error) throw new Error(summary.search.error);
    await addMembersFromSlack(database.db, 'cli');
    return { database, dir, engine, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/** A generated export in a temporary folder; `remove` deletes it. */
export async function generatedExport(options: { messages: number; seed: number }): Promise<{ dir: string; remove(): void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-generated-export-'));
  await writeExportFolder(dir, options);
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
