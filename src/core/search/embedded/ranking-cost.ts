import type Libsql from 'libsql';
import { firstValue } from '../../db/first-value.ts';
import { BM25 } from './match-expression.ts';
import { smallSetRanker } from './small-set-ranking.ts';

/**
 * What ranking a set of matches costs, in milliseconds, so that the engine
 * ranks whenever it fits its time budget rather than under fixed counts.
 *
 * FTS5's bm25 first counts, for every phrase of the expression, the documents
 * that hold it (a walk over each phrase's whole document list, whatever the
 * filters), then scores each match. Ranking in JavaScript (when the expression
 * holds long filter lists) first pulls every match's id out of FTS5. So:
 *
 *   cost = listEntries × perListEntry + matches × perMatch (+ pulled × perPulled)
 *
 * A tier with few matches can instead be scored in JavaScript (small-set-ranking.ts),
 * which walks no list: pulled × perPulled + scoredHere × perScoredHere.
 *
 * The three rates are measured on the running machine against the live index
 * when the engine opens (see calibrateRankingCost).
 */
export interface RankingRates {
  /** One entry of a document list walked to count a phrase's documents. */
  perListEntryMs: number;
  /** One match scored by bm25 and ordered. */
  perMatchMs: number;
  /** One match's id read out of FTS5 into JavaScript. */
  perPulledMs: number;
  /** One match scored in JavaScript (small-set-ranking.ts: its row read, its text folded); DEFAULT_RATES' when absent. */
  perScoredHereMs?: number;
}

export interface RankingWork {
  /** Document-list entries bm25 walks to count its phrases' documents (every phrase of what it scores). */
  listEntries: number;
  /** Matches bm25 scores. */
  matches: number;
  /** Matches read into JavaScript before scoring (the ranked-by-words path), 0 otherwise. */
  pulled?: number;
  /** Matches scored in JavaScript (small-set-ranking.ts), 0 otherwise. */
  scoredHere?: number;
}

/** A page of results within about this long on the server, ranking included (the p95 target is 50 ms at 1M). */
export const RANKING_BUDGET_MS = 25;

/**
 * Rates measured at 1M messages on the 2-core machine the benchmarks run on:
 * used until a calibration replaces them, and for indexes too small to measure.
 */
export const DEFAULT_RATES: Required<RankingRates> = { perListEntryMs: 0.00006, perMatchMs: 0.0006, perPulledMs: 0.0002, perScoredHereMs: 0.02 };

export function estimateRankingMs(rates: RankingRates, work: RankingWork): number {
  return (
    work.listEntries * rates.perListEntryMs +
    work.matches * rates.perMatchMs +
    (work.pulled ?? 0) * rates.perPulledMs +
    (work.scoredHere ?? 0) * (rates.perScoredHereMs ?? DEFAULT_RATES.perScoredHereMs)
  );
}

/** A word this frequent or more is timed; below, timings are noise and the defaults stand. */
const CALIBRATION_MIN_DOCS = 2_000;
/** And at most this frequent: long enough to time, short enough to keep opening the engine quick. */
const CALIBRATION_MAX_DOCS = 30_000;
/** Matches scored in JavaScript to time it: its rate is a hundred times bm25's, so fewer do. */
const SCORED_HERE_SAMPLE = 300;
/** A rate measured beyond this factor of the defaults is a hiccup (a cold cache, another process), not the machine. */
const PLAUSIBLE_FACTOR = 8;

/**
 * The process's CPU time: what the work costs on this machine, whatever else
 * shares it (a busy neighbour stretches wall time, not the work a search does).
 */
function cpuMs(): number {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
}

/**
 * Measures the rates on this machine and this index: times counting, pulling
 * and bm25-ordering one frequent word's matches (best of three, the page cache
 * warm after the first), and divides by its document count.
 */
export function calibrateRankingCost(db: Libsql.Database, now: () => number = cpuMs): RankingRates {
  const word = db.prepare('SELECT term, docs FROM search_terms WHERE docs >= ? AND docs <= ? ORDER BY docs DESC LIMIT 1').raw().get(CALIBRATION_MIN_DOCS, CALIBRATION_MAX_DOCS) as [string, number] | undefined;
  if (!word) return DEFAULT_RATES;
  const [term, docs] = word;
  const expression = `body : "${term.replaceAll('"', '""')}"`;
  const count = db.prepare('SELECT count(*) FROM search_fts WHERE search_fts MATCH ?');
  const pull = db.prepare('SELECT rowid FROM search_fts WHERE search_fts MATCH ?').pluck();
  const ranked = db.prepare(`SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY ${BM25} LIMIT 20`).pluck();
  const best = (run: () => unknown) => {
    let fastest = Infinity;
    for (let i = 0; i < 3; i++) {
      const started = now();
      run();
      fastest = Math.min(fastest, now() - started);
    }
    return fastest;
  };
  const matches = Number(firstValue(count, expression) ?? 0);
  if (matches < CALIBRATION_MIN_DOCS) return DEFAULT_RATES;
  const rankHere = hasArchive(db) ? smallSetRanker(db) : () => [];
  const counting = best(() => firstValue(count, expression));
  const pulling = best(() => pull.all(expression));
  const ranking = best(() => ranked.all(expression));
  const sample = (pull.all(expression) as number[]).slice(0, SCORED_HERE_SAMPLE);
  const scoringHere = hasArchive(db) ? best(() => rankHere(sample, [{ words: [term], exact: false, prefix: false, variants: [] }])) : NaN;
  const plausible = (measured: number, fallback: number) => (Number.isFinite(measured) && measured > 0 && measured < fallback * PLAUSIBLE_FACTOR && measured > fallback / PLAUSIBLE_FACTOR ? measured : fallback);
  const perListEntryMs = plausible(counting / Math.max(docs, matches), DEFAULT_RATES.perListEntryMs);
  return {
    perListEntryMs,
    // bm25 walked the list once to count and once to score: what is left is the scoring.
    perMatchMs: plausible((ranking - counting) / matches, DEFAULT_RATES.perMatchMs),
    perPulledMs: plausible(pulling / matches, DEFAULT_RATES.perPulledMs),
    perScoredHereMs: plausible(scoringHere / sample.length, DEFAULT_RATES.perScoredHereMs),
  };
}

/** Scoring in JavaScript reads the messages' text: an index alone (tools, tests) keeps the default rate. */
function hasArchive(db: Libsql.Database): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'messages'").get() !== undefined;
}

/**
 * The filter lists bm25 walks besides the words: each channel token the
 * expression names (`in:`, and the access clause's readable or unreadable
 * channels) is as long as its channel's messages. A person's list is left
 * out: people write a small share of an archive each.
 */
export function filterListEntries(channelIds: readonly string[] | null, access: { only: readonly string[] } | { except: readonly string[] } | null, messagesIn: ReadonlyMap<string, number>): number {
  const named = [...(channelIds ?? []), ...(access === null ? [] : 'only' in access ? access.only : access.except)];
  return named.reduce((sum, id) => sum + (messagesIn.get(id) ?? 0), 0);
}
