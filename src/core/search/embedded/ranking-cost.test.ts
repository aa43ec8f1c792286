import Libsql from 'libsql';
import { describe, expect, it } from 'vitest';
import { indexEntryOf } from './index-entry.ts';
import { CHAMPION_MARGIN, championMinDocs, championThreshold } from './champion-lists.ts';
import { createIndexTables } from './index-tables.ts';
import { IndexWriter } from './index-writer.ts';
import { calibrateRankingCost, DEFAULT_RATES, estimateRankingMs, filterListEntries } from './ranking-cost.ts';

function indexOf(messages: number): Libsql.Database {
  const db = new Libsql(':memory:');
  createIndexTables(db);
  const writer = new IndexWriter(db);
  const entries = Array.from({ length: messages }, (_, i) =>
    indexEntryOf({ channelId: 'C1', ts: `${1_600_000_000 + i}.000100`, tsMs: (1_600_000_000 + i) * 1000, authorId: 'U1', year: 2020, text: `commun mot${i % 50} ${'remplissage '.repeat(i % 7)}`, hasFile: false, hasLink: false, hasReaction: false, isThread: false, threadTs: null, rootText: null }),
  );
  db.transaction(() => writer.write(entries, []))();
  return db;
}

describe('ranking cost', () => {
  it('adds the lists bm25 walks, the matches it scores and the ids pulled out', () => {
    const rates = { perListEntryMs: 0.001, perMatchMs: 0.01, perPulledMs: 0.1 };
    expect(estimateRankingMs(rates, { listEntries: 1000, matches: 100 })).toBeCloseTo(2);
    expect(estimateRankingMs(rates, { listEntries: 1000, matches: 100, pulled: 10 })).toBeCloseTo(3);
  });

  it("counts each channel token's messages, from `in:` and the access clause", () => {
    const messages = new Map([
      ['C1', 100],
      ['C2', 20],
      ['CP', 5],
    ]);
    expect(filterListEntries(null, null, messages)).toBe(0);
    expect(filterListEntries(['C2'], null, messages)).toBe(20);
    expect(filterListEntries(null, { except: ['CP'] }, messages)).toBe(5);
    expect(filterListEntries(['C1'], { only: ['C1', 'C2'] }, messages)).toBe(220);
  });

  it('keeps the measured defaults on an index too small to time', () => {
    expect(calibrateRankingCost(indexOf(500))).toEqual(DEFAULT_RATES);
  });

  /** A fake clock: each timed run takes the next step's milliseconds, whatever the machine. */
  const clockOf = (steps: number[]) => {
    let clock = 0;
    let call = 0;
    return () => {
      if (call++ % 2 === 1) clock += steps[Math.floor((call - 1) / 2)]!;
      return clock;
    };
  };

  it('measures the rates on an index holding a word of a few thousand messages', () => {
    // "commun" is in all 3,000: counting takes 1 ms, pulling 2, ranking 5 (best of three each).
    const rates = calibrateRankingCost(indexOf(3_000), clockOf([1, 1, 1, 2, 2, 2, 5, 5, 5]));
    expect(rates.perListEntryMs).toBeCloseTo(1 / 3000, 9);
    expect(rates.perPulledMs).toBeCloseTo(2 / 3000, 9);
    // bm25 walked the list to count, then scored: 5 - 1 ms for 3,000 matches.
    expect(rates.perMatchMs).toBeCloseTo(4 / 3000, 9);
  });

  it('keeps the best of three runs, and the default for a rate measured far off it (a hiccup, not the machine)', () => {
    const rates = calibrateRankingCost(indexOf(3_000), clockOf([1, 0.5, 1, 2, 2, 2, 500, 400, 600]));
    expect(rates.perListEntryMs).toBeCloseTo(0.5 / 3000, 9);
    expect(rates.perPulledMs).toBeCloseTo(2 / 3000, 9);
    expect(rates.perMatchMs).toBe(DEFAULT_RATES.perMatchMs);
  });

  it('lists the words whose whole ranking would not fit the budget', () => {
    expect(championThreshold(DEFAULT_RATES, 25)).toBe(Math.ceil(25 / (DEFAULT_RATES.perListEntryMs + DEFAULT_RATES.perMatchMs)));
    expect(championThreshold({ perListEntryMs: 1, perMatchMs: 4, perPulledMs: 0 }, 25)).toBe(5);
  });

  it('builds lists below the threshold too: a busier machine at search time judges words just under it too slow', () => {
    expect(championMinDocs(DEFAULT_RATES, 25)).toBe(Math.ceil(championThreshold(DEFAULT_RATES, 25) * CHAMPION_MARGIN));
    expect(championMinDocs(DEFAULT_RATES, 25)).toBeLessThanOrEqual(championThreshold(DEFAULT_RATES, 25) / 2 + 1);
  });
});
