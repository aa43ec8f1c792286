/**
 * The baseline: plain Okapi BM25 (k1 1.2, b 0.75) over the same messages the
 * engines index, folded the same way, any query word matching (OR), no typo
 * forgiveness, no stemming. What any search library gives out of the box;
 * the engine's ranking should beat it.
 */
import type Libsql from 'libsql';
import { ALL_DOCUMENTS_SQL, type DocumentRow } from '../../src/core/search/documents.ts';
import { foldWords } from '../../src/core/search/fold.ts';

const K1 = 1.2;
const B = 0.75;

export interface Bm25Hit {
  channelId: string;
  ts: string;
  score: number;
}

export interface Bm25Index {
  search(query: string, readable: ReadonlySet<string>, limit: number): Bm25Hit[];
}

/** `term` turns a folded word into the indexed term (the identity by default; the pooling tool stems with it). */
export function buildBm25(db: Libsql.Database, term: (word: string) => string | null = (word) => word): Bm25Index {
  const channels: string[] = [];
  const stamps: string[] = [];
  const lengths: number[] = [];
  const postings = new Map<string, number[]>();
  const page = db.prepare(ALL_DOCUMENTS_SQL);
  let after: [string, string] = ['', ''];
  for (;;) {
    const rows = page.all(...after, 10_000) as DocumentRow[];
    if (rows.length === 0) break;
    after = [rows.at(-1)!.channel_id, rows.at(-1)!.ts];
    for (const row of rows) {
      const doc = channels.length;
      channels.push(row.channel_id);
      stamps.push(row.ts);
      const counts = new Map<string, number>();
      let length = 0;
      for (const word of foldWords(row.plain ?? '')) {
        const t = term(word);
        if (t === null) continue;
        length++;
        counts.set(t, (counts.get(t) ?? 0) + 1);
      }
      lengths.push(length);
      // Flat pairs (doc, frequency): a hundred thousand messages stay small.
      for (const [t, count] of counts) (postings.get(t) ?? postings.set(t, []).get(t)!).push(doc, count);
    }
  }
  const total = channels.length;
  const average = lengths.reduce((sum, length) => sum + length, 0) / Math.max(1, total);

  return {
    search(query, readable, limit) {
      const terms = new Set(foldWords(query).flatMap((word) => term(word) ?? []));
      const scores = new Map<number, number>();
      for (const t of terms) {
        const list = postings.get(t);
        if (!list) continue;
        const df = list.length / 2;
        const idf = Math.log(1 + (total - df + 0.5) / (df + 0.5));
        for (let i = 0; i < list.length; i += 2) {
          const doc = list[i]!;
          const tf = list[i + 1]!;
          const norm = tf + K1 * (1 - B + (B * lengths[doc]!) / average);
          scores.set(doc, (scores.get(doc) ?? 0) + (idf * tf * (K1 + 1)) / norm);
        }
      }
      return [...scores]
        .filter(([doc]) => readable.has(channels[doc]!))
        .sort((a, b) => b[1] - a[1] || stamps[b[0]]!.localeCompare(stamps[a[0]]!))
        .slice(0, limit)
        .map(([doc, score]) => ({ channelId: channels[doc]!, ts: stamps[doc]!, score }));
    },
  };
}
