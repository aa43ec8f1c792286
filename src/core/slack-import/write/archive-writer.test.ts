import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SqlValue } from '../../db/bulk-insert.ts';
import { channels } from '../../db/schema/archive.ts';
import { queueOnlyIndexing, type ImportIndexing, type ImportIndexWriter } from '../../search/import-indexing.ts';
import { openTempDatabase } from '../../../../tests/support/temp-database.ts';
import { buildRenderContext } from '../map/render-context.ts';
import { mapMessage } from '../map/map-message.ts';
import { PACKED_LAYOUT } from '../pack/packed-columns.ts';
import { packDayFile, type EntryPacking } from '../pack/packed-day-file.ts';
import { slackMessageSchema } from '../schemas.ts';
import { ArchiveWriter, type DayFileWrite } from './archive-writer.ts';

const CHANNEL = 'C0GENERAL1';
const context = buildRenderContext([], [{ id: CHANNEL, kind: 'public', name: 'general' }]);

type Raw = { ts: string; text: string; reactions?: { name: string; users: string[]; count: number }[]; files?: { id: string; name: string }[]; subtype?: string };

/** A day file as the map workers hand it over; `entries` stands in for an engine that prepares entries. */
function dayFile(path: string, messages: Raw[], fingerprint = 'f1', entries?: EntryPacking): DayFileWrite {
  const mapped = messages.map((raw) => mapMessage(CHANNEL, slackMessageSchema.parse({ type: 'message', user: 'U0AUTHOR1', ...raw }), context));
  return { channelId: CHANNEL, packed: packDayFile({ mapped, skipped: [], ignoredFields: [], dropped: 0, authors: [], broken: false }, PACKED_LAYOUT, entries), entry: { path, fingerprint, context: context.fingerprint }, record: true };
}

/** An engine that prepares one value (the text) per message and records what the writer gives it. */
function recordingIndexing(log: string[], failOnFlush = false): ImportIndexing & { entries: NonNullable<ImportIndexing['entries']> } {
  return {
    entries: { engine: 'embedded', width: 1, timeZone: 'America/Toronto' },
    catchUpAfter: Infinity,
    open: () => {
      const staged: string[] = [];
      const writer: ImportIndexWriter = {
        put: (channelId, ts, values, at, replacing) => staged.push(`put ${channelId}/${ts} ${String(values[at])}${replacing ? ' replacing' : ''}`),
        remove: (channelId, ts) => staged.push(`remove ${channelId}/${ts}`),
        flush: () => {
          if (failOnFlush) throw new Error('index unavailable');
          log.push(...staged.splice(0));
        },
        discard: () => staged.splice(0) && undefined,
      };
      return { writer: () => writer };
    },
  };
}

const packing: EntryPacking = { width: 1, valuesOf: (message) => (message.subtype === 'channel_join' ? null : [message.plain as SqlValue]) };

let database: Awaited<ReturnType<typeof openTempDatabase>>;
let writer: ArchiveWriter | undefined;

beforeEach(async () => {
  database = await openTempDatabase();
  await database.db.insert(channels).values({ id: CHANNEL, kind: 'public', name: 'general', folder: 'general', listed: true });
});
afterEach(() => {
  writer?.close();
  writer = undefined;
  database.dispose();
});

async function count(table: string): Promise<number> {
  return Number((await database.client.execute(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);
}

/** Whether the archive holds the author index that a first load builds once, at its end. */
async function authorIndex(): Promise<number> {
  return count("sqlite_master WHERE type = 'index' AND name = 'messages_author'");
}

describe('ArchiveWriter', () => {
  it('writes a day file with its reactions, files and the record that it was imported, and marks the channel for recount', async () => {
    writer = new ArchiveWriter(database.file, queueOnlyIndexing(Infinity));
    const file = dayFile('general/2024-01-01.json', [
      { ts: '1704100000.000100', text: 'bonjour', reactions: [{ name: 'wave', users: ['U0AUTHOR2'], count: 1 }] },
      { ts: '1704100000.000200', text: 'voici le fichier', files: [{ id: 'F01', name: 'plan.pdf' }] },
    ]);
    expect(writer.isEntryImported(file.entry)).toBe(false);
    const [outcome] = writer.writeDayFiles([file]);
    expect(outcome).toEqual({ written: 2, unchanged: 0, indexed: 0, queued: 2, replaced: [] });
    expect(writer.isEntryImported(file.entry)).toBe(true);
    expect(writer.isEntryImported({ ...file.entry, fingerprint: 'other' })).toBe(false);
    expect(writer.isEntryImported({ ...file.entry, context: 'other' })).toBe(false);
    expect([await count('messages'), await count('reactions'), await count('files'), await count('search_queue')]).toEqual([2, 1, 1, 2]);
    expect((await database.client.execute('SELECT stats_dirty FROM channels')).rows[0]!.stats_dirty).toBe(1);
  });

  it('leaves unchanged messages alone and replaces an edited one, its reactions and files with it', async () => {
    writer = new ArchiveWriter(database.file, queueOnlyIndexing(Infinity));
    writer.writeDayFiles([dayFile('general/2024-01-01.json', [{ ts: '1704100000.000100', text: 'un', reactions: [{ name: 'a', users: ['U1'], count: 1 }] }, { ts: '1704100000.000200', text: 'deux' }])]);
    await database.client.execute('DELETE FROM search_queue');
    // The edit comes with a later import, and so with another writer.
    writer.close();
    writer = new ArchiveWriter(database.file, queueOnlyIndexing(Infinity));
    const [outcome] = writer.writeDayFiles([
      dayFile('general/2024-01-01.json', [{ ts: '1704100000.000100', text: 'un, corrigé' }, { ts: '1704100000.000200', text: 'deux' }], 'f2'),
    ]);
    expect(outcome).toEqual({ written: 1, unchanged: 1, indexed: 0, queued: 1, replaced: [] });
    expect((await database.client.execute('SELECT plain FROM messages ORDER BY ts')).rows.map((row) => row.plain)).toEqual(['un, corrigé', 'deux']);
    expect(await count('reactions')).toBe(0);
    expect((await database.client.execute('SELECT ts FROM search_queue')).rows.map((row) => row.ts)).toEqual(['1704100000.000100']);
  });

  it('hands prepared entries to the engine inside the transaction: new ones, replaced ones, and ones search now leaves out', async () => {
    const log: string[] = [];
    writer = new ArchiveWriter(database.file, recordingIndexing(log));
    const [first] = writer.writeDayFiles([dayFile('general/2024-01-01.json', [{ ts: '1704100000.000100', text: 'un' }, { ts: '1704100000.000200', text: 'deux' }], 'f1', packing)]);
    expect(first).toEqual({ written: 2, unchanged: 0, indexed: 2, queued: 0, replaced: [] });
    writer.writeDayFiles([
      dayFile('general/2024-01-01.json', [{ ts: '1704100000.000100', text: 'un bis' }, { ts: '1704100000.000200', text: 'a rejoint', subtype: 'channel_join' }], 'f2', packing),
    ]);
    expect(log).toEqual([
      `put ${CHANNEL}/1704100000.000100 un`,
      `put ${CHANNEL}/1704100000.000200 deux`,
      `put ${CHANNEL}/1704100000.000100 un bis replacing`,
      `remove ${CHANNEL}/1704100000.000200`,
    ]);
    expect(await count('search_queue')).toBe(0);
  });

  it('writes all of a group or none of it: a failure leaves no message and no record, and the same group then goes in whole', async () => {
    const log: string[] = [];
    const group = () => [
      dayFile('general/2024-01-01.json', [{ ts: '1704100000.000100', text: 'un' }], 'f1', packing),
      dayFile('general/2024-01-02.json', [{ ts: '1704200000.000100', text: 'deux' }], 'f1', packing),
    ];
    writer = new ArchiveWriter(database.file, recordingIndexing(log, true));
    expect(() => writer!.writeDayFiles(group())).toThrow('index unavailable');
    expect([await count('messages'), await count('imported_entries'), log.length]).toEqual([0, 0, 0]);
    writer.close();

    writer = new ArchiveWriter(database.file, recordingIndexing(log));
    expect(writer.writeDayFiles(group()).map((outcome) => outcome.written)).toEqual([1, 1]);
    expect([await count('messages'), await count('imported_entries'), log.length]).toEqual([2, 2, 2]);
  });

  it('on a first load, drops the author index and builds it once at the end instead of row by row', async () => {
    expect(await authorIndex()).toBe(1);
    writer = new ArchiveWriter(database.file, queueOnlyIndexing(Infinity));
    writer.beginBulkLoad();
    expect(await authorIndex()).toBe(0);
    // Asked again before anything is written (a first load that stopped at once): nothing left to drop.
    writer.beginBulkLoad();
    expect(await authorIndex()).toBe(0);
    writer.writeDayFiles([dayFile('general/2024-01-01.json', [{ ts: '1704100000.000100', text: 'un' }])]);
    writer.finishBulkLoad();
    expect(await authorIndex()).toBe(1);
    // A later import keeps it and maintains it row by row.
    writer.beginBulkLoad();
    expect(await authorIndex()).toBe(1);
  });

  it('stores every reaction and file of every message with its own values', async () => {
    writer = new ArchiveWriter(database.file, queueOnlyIndexing(Infinity));
    const reactions = (ts: string) => [
      { name: `a${ts.slice(-3)}`, users: ['U1'], count: 1 },
      { name: `b${ts.slice(-3)}`, users: ['U1', 'U2'], count: 2 },
    ];
    const files = (ts: string) => [{ id: `F${ts.slice(-3)}1`, name: 'un.pdf' }, { id: `F${ts.slice(-3)}2`, name: 'deux.pdf' }];
    const messages = ['1704100000.000100', '1704100000.000200'].map((ts) => ({ ts, text: ts, reactions: reactions(ts), files: files(ts) }));
    writer.writeDayFiles([dayFile('general/2024-01-01.json', messages)]);
    const rows = async (sql: string) => (await database.client.execute(sql)).rows.map((row) => Object.values(row).join(' '));
    expect(await rows('SELECT ts, emoji, count, user_ids FROM reactions ORDER BY ts, emoji')).toEqual([
      '1704100000.000100 a100 1 ["U1"]',
      '1704100000.000100 b100 2 ["U1","U2"]',
      '1704100000.000200 a200 1 ["U1"]',
      '1704100000.000200 b200 2 ["U1","U2"]',
    ]);
    expect(await rows('SELECT ts, position, file_id, name FROM files ORDER BY ts, position')).toEqual([
      '1704100000.000100 0 F1001 un.pdf',
      '1704100000.000100 1 F1002 deux.pdf',
      '1704100000.000200 0 F2001 un.pdf',
      '1704100000.000200 1 F2002 deux.pdf',
    ]);
    expect(await rows("SELECT ts, plain LIKE ts || '%' FROM messages ORDER BY ts")).toEqual(['1704100000.000100 1', '1704100000.000200 1']);
  });

  it('knows what it stored, earlier in the same run or in an earlier one, whatever the order of the days', async () => {
    writer = new ArchiveWriter(database.file, queueOnlyIndexing(Infinity));
    const day1 = () => dayFile('general/2024-01-01.json', [{ ts: '1704100000.000100', text: 'un' }]);
    const day2 = () => dayFile('general/2024-01-02.json', [{ ts: '1704200000.000100', text: 'deux' }]);
    expect(writer.writeDayFiles([day1()])[0]!.written).toBe(1);
    // Written moments ago by this writer: it must compare, not write again.
    expect(writer.writeDayFiles([day1()])[0]).toMatchObject({ written: 0, unchanged: 1 });
    expect(writer.writeDayFiles([day2()])[0]).toMatchObject({ written: 1, unchanged: 0 });
    writer.close();
    writer = new ArchiveWriter(database.file, queueOnlyIndexing(Infinity));
    // An older day after a newer one, in a new run: still compared.
    expect(writer.writeDayFiles([day1(), day2()]).map((outcome) => outcome.unchanged)).toEqual([1, 1]);
    const edited = dayFile('general/2024-01-01.json', [{ ts: '1704100000.000100', text: 'un, corrigé', files: [{ id: 'F1', name: 'a.pdf' }] }], 'f2');
    expect(writer.writeDayFiles([edited])[0]).toMatchObject({ written: 1, unchanged: 0 });
    const reverted = dayFile('general/2024-01-01.json', [{ ts: '1704100000.000100', text: 'un' }], 'f3');
    expect(writer.writeDayFiles([reverted])[0]).toMatchObject({ written: 1, unchanged: 0 });
    expect([await count('messages'), await count('files')]).toEqual([2, 0]);
  });

  it('marks a channel for recount only when something in it was written', async () => {
    writer = new ArchiveWriter(database.file, queueOnlyIndexing(Infinity));
    const day = () => dayFile('general/2024-01-01.json', [{ ts: '1704100000.000100', text: 'un' }]);
    writer.writeDayFiles([day()]);
    await database.client.execute('UPDATE channels SET stats_dirty = 0');
    writer.writeDayFiles([day()]);
    expect((await database.client.execute('SELECT stats_dirty FROM channels')).rows[0]!.stats_dirty).toBe(0);
  });

  it('retried after a failed transaction, writes the group once, with nothing left over from the failure', async () => {
    const log: string[] = [];
    let failures = 1;
    const flaky = recordingIndexing(log);
    const opened = flaky.open;
    flaky.open = (db) => {
      const index = opened(db);
      const inner = index.writer()!;
      return {
        writer: () => ({
          ...inner,
          flush: () => {
            if (failures-- > 0) throw new Error('busy for a moment');
            inner.flush();
          },
        }),
      };
    };
    writer = new ArchiveWriter(database.file, flaky);
    const group = () => [dayFile('general/2024-01-01.json', [{ ts: '1704100000.000100', text: 'un', reactions: [{ name: 'a', users: ['U1'], count: 1 }] }], 'f1', packing)];
    expect(() => writer!.writeDayFiles(group())).toThrow('busy for a moment');
    expect(writer.writeDayFiles(group())[0]).toMatchObject({ written: 1, indexed: 1 });
    expect([await count('messages'), await count('reactions'), await count('imported_entries')]).toEqual([1, 1, 1]);
    expect(log).toEqual([`put ${CHANNEL}/1704100000.000100 un`]);
  });

  it('asks the engine to forget only messages it was told about', () => {
    const log: string[] = [];
    writer = new ArchiveWriter(database.file, recordingIndexing(log));
    writer.writeDayFiles([dayFile('general/2024-01-01.json', [{ ts: '1704100000.000100', text: 'a rejoint', subtype: 'channel_join' }], 'f1', packing)]);
    expect(log).toEqual([]);
  });

  it('sees, within one transaction, what an earlier day file of the same group wrote', async () => {
    writer = new ArchiveWriter(database.file, queueOnlyIndexing(Infinity));
    const message = (text: string) => ({ ts: '1704100000.000100', text, reactions: [{ name: 'a', users: ['U1'], count: 1 }], files: [{ id: 'F1', name: 'a.pdf' }] });
    const outcomes = writer.writeDayFiles([
      dayFile('general/2024-01-01.json', [message('un')]),
      dayFile('general/2024-01-01-copy.json', [message('un')]),
      dayFile('general/2024-01-01-edit.json', [message('un, corrigé')]),
    ]);
    expect(outcomes.map(({ written, unchanged }) => [written, unchanged])).toEqual([[1, 0], [0, 1], [1, 0]]);
    expect([await count('messages'), await count('reactions'), await count('files')]).toEqual([1, 1, 1]);
  });

  it('forgets the rows it had buffered when a transaction fails before writing them', async () => {
    let failures = 1;
    const failing: ImportIndexing = {
      ...queueOnlyIndexing(Infinity),
      entries: { engine: 'embedded', width: 1, timeZone: 'America/Toronto' },
      open: () => {
        const writer: ImportIndexWriter = {
          put: () => {
            if (failures-- > 0) throw new Error('refused');
          },
          remove: () => {},
          flush: () => {},
          discard: () => {},
        };
        return { writer: () => writer };
      },
    };
    writer = new ArchiveWriter(database.file, failing);
    const group = () => [dayFile('general/2024-01-01.json', [{ ts: '1704100000.000100', text: 'un', reactions: [{ name: 'a', users: ['U1'], count: 1 }] }], 'f1', packing)];
    expect(() => writer!.writeDayFiles(group())).toThrow('refused');
    expect(writer.writeDayFiles(group())[0]).toMatchObject({ written: 1, indexed: 1 });
    expect([await count('messages'), await count('reactions')]).toEqual([1, 1]);
  });

  it('works without a search engine, queueing nothing and indexing nothing', async () => {
    writer = new ArchiveWriter(database.file);
    expect(writer.writeDayFiles([dayFile('general/2024-01-01.json', [{ ts: '1704100000.000100', text: 'un' }])])[0]).toEqual({ written: 1, unchanged: 0, indexed: 0, queued: 1, replaced: [] });
  });

  it('resumes an interrupted first load: the author index, already dropped, is built at its end', async () => {
    writer = new ArchiveWriter(database.file, queueOnlyIndexing(Infinity));
    writer.beginBulkLoad();
    writer.writeDayFiles([dayFile('general/2024-01-01.json', [{ ts: '1704100000.000100', text: 'un' }])]);
    writer.close();
    // Killed here: no index, some messages. The next run leaves it out again and builds it at the end.
    writer = new ArchiveWriter(database.file, queueOnlyIndexing(Infinity));
    writer.beginBulkLoad();
    expect(await authorIndex()).toBe(0);
    writer.finishBulkLoad();
    expect(await authorIndex()).toBe(1);
    writer.close();
    writer = new ArchiveWriter(database.file, queueOnlyIndexing(Infinity));
    writer.beginBulkLoad();
    writer.beginBulkLoad();
    expect(await authorIndex()).toBe(1);
  });

  it('reports what made a transaction fail when the messages were only queued', async () => {
    writer = new ArchiveWriter(database.file, queueOnlyIndexing(Infinity));
    await database.client.execute('DROP TABLE search_queue');
    expect(() => writer!.writeDayFiles([dayFile('general/2024-01-01.json', [{ ts: '1704100000.000100', text: 'un' }])])).toThrow(/search_queue/);
    expect([await count('messages'), await count('imported_entries')]).toEqual([0, 0]);
  });
});
