import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Libsql from 'libsql';
import { afterAll, describe, expect, it } from 'vitest';
import { captureLog } from '../../../../tests/support/capture-log.ts';
import { createRandom } from '../../synthetic-export/seeded-random.ts';
import { rebuildChampionLists } from './champion-lists.ts';
import { listsOnSecondThread, rebuildChampionListsShared } from './champion-rebuild.ts';
import { createWordQueue } from './word-queue.ts';
import { indexEntryOf } from './index-entry.ts';
import { createIndexTables } from './index-tables.ts';
import { IndexWriter } from './index-writer.ts';

const WORDS = ['projet', 'donnees', 'comite', 'ethique', 'rapport', 'analyse', 'cohorte', 'registre'];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-champions-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** 1,200 messages of a few common words, in a file a second thread can open. */
function archive(): { db: Libsql.Database; file: string } {
  const file = path.join(dir, `archive-${fs.readdirSync(dir).length}.sqlite`);
  const db = new Libsql(file);
  db.exec('PRAGMA journal_mode = WAL');
  createIndexTables(db);
  const random = createRandom(11);
  const entries = Array.from({ length: 1_200 }, (_, i) => {
    const text = Array.from({ length: random.between(1, 25) }, () => random.pick(WORDS)).join(' ');
    const seconds = 1_600_000_000 + i * 1_000;
    return indexEntryOf({ channelId: `C${i % 4}`, ts: `${seconds}.000100`, tsMs: seconds * 1000, authorId: `U${i % 7}`, year: 2020, text, hasFile: false, hasLink: false, hasReaction: false, isThread: false, threadTs: null, rootText: null });
  });
  db.transaction(() => new IndexWriter(db).write(entries, []))();
  return { db, file };
}

const saved = (db: Libsql.Database) => db.prepare('SELECT term, entries FROM search_champion_lists ORDER BY term').raw().all();

/** An archive, and the lists one thread builds from it (then cleared, for a rebuild to compare with). */
function archiveWithListsAlone(): { db: Libsql.Database; file: string; alone: unknown[] } {
  const { db, file } = archive();
  rebuildChampionLists(db, 100, 50);
  const alone = saved(db);
  db.exec('DELETE FROM search_champion_lists');
  return { db, file, alone };
}

describe('champion lists rebuilt on two threads', () => {
  it('are the very lists one thread builds', async () => {
    const { db, file, alone } = archiveWithListsAlone();
    expect(alone.length).toBeGreaterThan(0);
    const { words } = await rebuildChampionListsShared(db, { file, minDocs: 100, perWord: 50, shareFrom: 0 });
    expect(words).toBe(new Set(alone.map((row) => (row as unknown[])[0])).size);
    expect(saved(db)).toEqual(alone);
    db.close();
  });

  it('score here what the second thread did not hand back when it fails, and say so', async () => {
    const { db, alone } = archiveWithListsAlone();
    const { log, output } = captureLog();
    await rebuildChampionListsShared(db, { file: path.join(dir, 'missing', 'archive.sqlite'), minDocs: 100, perWord: 50, shareFrom: 0, log });
    expect(saved(db)).toEqual(alone);
    expect(output()).toMatch(/second thread failed/);
    db.close();
  });

  it('fail the second thread, not the process, when one of its lists cannot be drafted', async () => {
    const { db, file } = archive();
    const helper = listsOnSecondThread({ file, queue: createWordQueue(['projet', 'donnees']).shared, perWord: 50 }, () => {
      throw new Error('disk full');
    });
    await expect(helper.done).rejects.toThrow('disk full');
    await helper.stop();
    db.close();
  });

  it('fail as a whole when their draft fails, and keep the lists saved before', async () => {
    const { db, file, alone } = archiveWithListsAlone();
    await rebuildChampionListsShared(db, { file, minDocs: 100, perWord: 50, shareFrom: 0 });
    const state = () => db.prepare('SELECT changes, built_at FROM search_champions_state').raw().get();
    const built = state();
    // The draft is gone after the first word (as a full disk would lose it): every list after it fails to be drafted.
    const rebuilt = rebuildChampionListsShared(db, { file, minDocs: 100, perWord: 50, shareFrom: 0 });
    db.exec('DROP TABLE temp.champion_lists_draft');
    await expect(rebuilt).rejects.toThrow(/champion_lists_draft/);
    expect(saved(db)).toEqual(alone);
    expect(state()).toEqual(built);
    db.close();
  });

  it('leave the words to the second thread while this one is busy with other work', async () => {
    const { db, file, alone } = archiveWithListsAlone();
    const rebuilt = rebuildChampionListsShared(db, { file, minDocs: 100, perWord: 50, shareFrom: 0 });
    // This thread held for 5 s, as by an import's last steps: the second thread, free, takes every word left.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5_000);
    const { words, second } = await rebuilt;
    expect(saved(db)).toEqual(alone);
    // The first word is taken here before the first pause.
    expect(second).toBe(words - 1);
    db.close();
  });
});
