import type Libsql from 'libsql';
import { renamedMentionsSql, withRenamedMentions } from '../documents.ts';
import { foldWords } from '../fold.ts';
import { MAX_COUNTED } from '../port.ts';
import type { TermWithVariants } from './match-expression.ts';
import type { Tier } from './tier.ts';

/**
 * bm25 computed here, for a few matches, exactly as FTS5 computes it: for
 * when a tier has few matches but one of its words is so common that FTS5's
 * bm25 would first walk that word's whole document list to count it (« the
 * from:@someone »: 24 matches, 277,000 entries walked). Here the count comes
 * from search_terms (kept true), the row and token totals from FTS5's own
 * averages record, each match's length from its docsize row, and each word's
 * frequency from the message's text folded again as the index folded it: the
 * cost grows with the matches only.
 *
 * FTS5's formula (fts5_aux.c, bm25 with k1 = 1.2, b = 0.75): for each phrase,
 * idf × f × (k1 + 1) / (f + k1 × (1 − b + b × D / avgdl)), where idf =
 * ln((N − n + 0.5) / (n + 0.5)) (1e-6 when not positive), f the phrase's
 * weighted hits in the row (body weighs 1), D the row's tokens over every
 * column, avgdl their mean over the index. Filter tokens weigh 0: they add
 * nothing, so the order is bm25's over the expression, ties newest first.
 */

const K1 = 1.2;
const B = 0.75;

/** Whether bm25 over these terms can be computed here: single words as written (a phrase's hits need positions). */
export function scorableHere(terms: readonly TermWithVariants[]): boolean {
  return terms.length > 0 && terms.every((term) => term.words.length === 1 && !term.prefix && term.variants.length === 0 && (term.forms ?? []).length === 0);
}

/** SQLite's varints (FTS5 writes its record of totals and each row's sizes with them). */
export function readVarints(bytes: Uint8Array): number[] {
  const values: number[] = [];
  let at = 0;
  while (at < bytes.length) {
    let value = 0;
    for (let i = 0; ; i++) {
      const byte = bytes[at++]!;
      if (i === 8) {
        value = value * 256 + byte;
        break;
      }
      value = value * 128 + (byte & 0x7f);
      if ((byte & 0x80) === 0 || at >= bytes.length) break;
    }
    values.push(value);
  }
  return values;
}

const bytesOf = (value: unknown): Uint8Array => (value instanceof Uint8Array ? value : new Uint8Array(value as ArrayBuffer));

export type SmallSetRanker = (ids: readonly number[], terms: readonly TermWithVariants[]) => number[];

/** Orders given matches of the live index (search_fts) by bm25 over the terms' words in the body column. */
export function smallSetRanker(db: Libsql.Database): SmallSetRanker {
  // raw(): libsql's get() ignores pluck().
  const totals = db.prepare('SELECT block FROM search_fts_data WHERE id = 1').raw();
  const docsOf = db.prepare('SELECT docs FROM search_terms WHERE term = ?').raw();
  const rows = db
    .prepare(
      `SELECT d.id, z.sz, m.plain, ${renamedMentionsSql('m')} FROM json_each(?) AS j
       JOIN search_docs AS d ON d.id = j.value
       JOIN search_fts_docsize AS z ON z.id = d.id
       JOIN messages AS m ON m.channel_id = d.channel_id AND m.ts = d.ts`,
    )
    .raw();
  return (ids, terms) => {
    if (ids.length === 0) return [];
    const [rowCount = 0, ...columnTokens] = readVarints(bytesOf((totals.get() as [unknown] | undefined)?.[0] ?? new Uint8Array()));
    const averageLength = rowCount > 0 ? columnTokens.reduce((sum, tokens) => sum + tokens, 0) / rowCount : 1;
    // One phrase per term, as the expression names them (a word typed twice counts twice there too).
    const words = terms.map((term) => term.words[0]!);
    const idf = words.map((word) => {
      const hits = Number((docsOf.get(word) as [number] | undefined)?.[0] ?? 0);
      const value = Math.log((rowCount - hits + 0.5) / (hits + 0.5));
      return value > 0 ? value : 1e-6;
    });
    const scored = (rows.all(JSON.stringify(ids)) as [number, unknown, string, string | null][]).map(([id, size, plain, renamed]) => {
      const length = readVarints(bytesOf(size)).reduce((sum, tokens) => sum + tokens, 0);
      const counts = new Map<string, number>();
      for (const token of foldWords(withRenamedMentions(plain, renamed))) counts.set(token, (counts.get(token) ?? 0) + 1);
      const norm = K1 * (1 - B + (B * length) / averageLength);
      const score = words.reduce((sum, word, index) => {
        const hits = counts.get(word) ?? 0;
        return sum + (idf[index]! * (hits * (K1 + 1))) / (hits + norm);
      }, 0);
      return [id, score] as const;
    });
    return scored.sort((a, b) => b[1] - a[1] || b[0] - a[0]).map(([id]) => id);
  };
}

/**
 * Where FTS5's bm25 would not fit the budget (a tier left unranked), a tier
 * of few matches over single words is ranked here instead, when pulling and
 * scoring its matches fits. Marks those tiers; returns whether any was.
 */
export function rankSmallTiersHere(tiers: Tier[], fits: (matches: number) => boolean): boolean {
  let any = false;
  tiers.forEach((tier, index) => {
    if (tier.ranked || tier.champions || tier.score || tier.count >= MAX_COUNTED || !scorableHere(tier.terms) || !fits(tier.count)) return;
    tiers[index] = { ...tier, ranked: true, here: true };
    any = true;
  });
  return any;
}
