import Libsql from 'libsql';
import { describe, expect, it } from 'vitest';
import { indexEntryOf, type IndexEntry } from './index-entry.ts';
import { createIndexTables } from './index-tables.ts';
import { IndexWriter } from './index-writer.ts';
import { BM25 } from './match-expression.ts';
import { baseSearchId } from './search-id.ts';
import { recountTerms, termCountsStale } from './term-counts.ts';

const plainDocument = (channelId: string, ts: string, text: string) => ({
    channelId,
    ts,
    tsMs: Math.round(Number(ts) * 1000),
    authorId: 'U1',
    year: 2024,
    text,
    hasFile: false,
    hasLink: false,
    hasReaction: false,
    isThread: false,
    threadTs: null,
    rootText: null,
  });
const document = (channelId: string, ts: string, text: string): IndexEntry => indexEntryOf(plainDocument(channelId, ts, text));

function openIndex() {
  const db = new Libsql(':memory:');
  createIndexTables(db);
  return { db, writer: new IndexWriter(db) };
}

describe('IndexWriter', () => {
  it('gives messages of several channels posted at the same instant ids of their own, in time order', () => {
    const { db, writer } = openIndex();
    const ts = '1708442158.813750';
    db.transaction(() =>
      writer.write(
        [document('C1', ts, 'un'), document('C2', ts, 'deux'), document('C3', ts, 'trois'), document('C1', '1708442158.813751', 'quatre')],
        [],
      ),
    )();
    const ids = db.prepare('SELECT channel_id, id FROM search_docs ORDER BY id').raw().all() as [string, number][];
    expect(ids.map(([channel]) => channel)).toEqual(['C1', 'C2', 'C3', 'C1']);
    expect(new Set(ids.map(([, id]) => id)).size).toBe(4);
    expect(ids[0]![1]).toBe(baseSearchId(ts));
    expect(db.prepare("SELECT rowid FROM search_fts WHERE search_fts MATCH 'trois'").pluck().all()).toEqual([ids[2]![1]]);
  });

  it('gives a message the next free id when an earlier transaction holds its instant', () => {
    const { db, writer } = openIndex();
    const ts = '1708442158.813750';
    db.transaction(() => writer.write([document('C1', ts, 'un'), document('C2', ts, 'deux')], []))();
    // In a later transaction, among others that go in at once: the two taken ids are skipped.
    const later = [
      document('C3', ts, 'trois'),
      ...Array.from({ length: 70 }, (_, i) => document('C4', `1708442159.${String(i).padStart(6, '0')}`, 'autre')),
    ];
    db.transaction(() => writer.write(later, []))();
    const ids = new Map(db.prepare('SELECT channel_id || ts, id FROM search_docs').raw().all() as [string, number][]);
    expect(ids.size).toBe(73);
    expect(ids.get(`C3${ts}`)).toBe(baseSearchId(ts) + 2);
    expect(db.prepare("SELECT rowid FROM search_fts WHERE search_fts MATCH 'trois'").pluck().all()).toEqual([baseSearchId(ts) + 2]);
    expect(db.prepare("SELECT count(*) FROM search_fts WHERE search_fts MATCH 'autre'").raw().get()).toEqual([70]);
  });

  it('replaces a message written again, and removes one that is gone', () => {
    const { db, writer } = openIndex();
    db.transaction(() => writer.write([document('C1', '1700000000.000100', 'avant'), document('C1', '1700000000.000200', 'reste')], []))();
    db.transaction(() => writer.write([document('C1', '1700000000.000100', 'après')], [{ channelId: 'C1', ts: '1700000000.000200' }]))();
    const match = (word: string) => db.prepare('SELECT count(*) FROM search_fts WHERE search_fts MATCH ?').raw().get(word) as [number];
    expect([match('avant')[0], match('apres')[0], match('reste')[0]]).toEqual([0, 1, 0]);
    expect(db.prepare('SELECT count(*) FROM search_docs').raw().get()).toEqual([1]);
  });

  it('forgets what it staged for a transaction that rolled back', () => {
    const { db, writer } = openIndex();
    writer.stage(document('C1', '1700000000.000100', 'annule'), false);
    writer.discard();
    db.transaction(() => writer.flush())();
    for (const table of ['search_docs', 'search_fts', 'search_terms']) expect(db.prepare(`SELECT count(*) FROM ${table}`).raw().get(), table).toEqual([0]);
  });

  it('leaves nothing of a batch that failed for the batch retried after it', () => {
    const { db, writer } = openIndex();
    // The word counts cannot be written: the batch fails after its other rows were buffered.
    db.exec('ALTER TABLE search_terms RENAME TO search_terms_away');
    expect(() => db.transaction(() => writer.write([document('C1', '1700000000.000100', 'echoue')], []))()).toThrow();
    db.exec('ALTER TABLE search_terms_away RENAME TO search_terms');
    db.transaction(() => writer.write([document('C1', '1700000000.000200', 'reussi')], []))();
    expect(db.prepare('SELECT term FROM search_terms ORDER BY term').pluck().all()).toEqual(['reussi']);
    expect(db.prepare('SELECT count(*) FROM search_docs').raw().get()).toEqual([1]);
  });

  it('keeps word counts true: a removal or a replacement marks them stale, and a recount takes the old words off', () => {
    const { db, writer } = openIndex();
    const counts = () => Object.fromEntries(db.prepare('SELECT term, docs FROM search_terms ORDER BY term').raw().all() as [string, number][]);
    db.transaction(() => writer.write([document('C1', '1.000001', 'pomme poire'), document('C1', '1.000002', 'pomme kiwi'), document('C2', '1.000003', 'pomme')], []))();
    expect(counts()).toEqual({ kiwi: 1, poire: 1, pomme: 3 });
    expect(termCountsStale(db)).toBe(false);
    // An edit (the message written again with other words) and a removal.
    db.transaction(() => writer.write([document('C1', '1.000001', 'prune')], [{ channelId: 'C2', ts: '1.000003' }]))();
    expect(termCountsStale(db)).toBe(true);
    expect(counts()).toMatchObject({ pomme: 3, poire: 1 });
    expect(recountTerms(db)).toBe(3);
    expect(counts()).toEqual({ kiwi: 1, pomme: 1, prune: 1 });
    expect(termCountsStale(db)).toBe(false);
    // Filter tokens (channels, people) are not words.
    expect(db.prepare("SELECT count(*) FROM search_terms WHERE term LIKE 'ch%' OR term LIKE 'by%'").raw().get()).toEqual([0]);
  });

  it('leaves counts alone when it writes a message the index did not hold', () => {
    const { db, writer } = openIndex();
    db.transaction(() => writer.write([document('C1', '1.000001', 'pomme')], []))();
    db.transaction(() => writer.write([document('C1', '1.000002', 'poire')], [{ channelId: 'C9', ts: '9.000000' }]))();
    expect(termCountsStale(db)).toBe(false);
  });

  it('reads a message with reactions, a file, a link, in a thread, or without an author as long as its words, for bm25', () => {
    const { db, writer } = openIndex();
    const plain = document('C1', '1.000001', 'protocole de recherche');
    const busy = indexEntryOf({ ...plainDocument('C1', '1.000002', 'protocole de recherche'), authorId: null, hasFile: true, hasLink: true, hasReaction: true, isThread: true });
    db.transaction(() => writer.write([plain, busy], []))();
    const scores = db.prepare(`SELECT ${BM25} FROM search_fts WHERE search_fts MATCH 'body : protocole' ORDER BY rowid`).pluck().all() as number[];
    expect(scores).toHaveLength(2);
    expect(scores[1]).toBeCloseTo(scores[0]!, 12);
  });
});
