import { expect } from 'vitest';
import { summarise, type QuestionScore } from '../../bench/relevance/metrics.ts';

export interface RelevanceFloors {
  precision: number;
  mrr: number;
  answered: number;
}

/**
 * A judged set's figures against the floors its test keeps: every question
 * asked, and P@5, MRR and the answered count at or above them. `detail` goes
 * with a failure (each question's figures, the hits nobody judged), so it says
 * where ranking lost without a run of bench:relevance.
 */
export function expectAboveFloors(scores: readonly QuestionScore[], questions: number, floors: RelevanceFloors, detail: string): void {
  const summary = summarise(scores);
  const context = `P@5 ${summary.precision.toFixed(3)}, MRR ${summary.mrr.toFixed(3)}, unanswered ${summary.unanswered}${detail === '' ? '' : `; ${detail}`}`;
  expect(summary.questions, context).toBe(questions);
  expect(summary.precision, context).toBeGreaterThanOrEqual(floors.precision);
  expect(summary.mrr, context).toBeGreaterThanOrEqual(floors.mrr);
  expect(summary.questions - summary.unanswered, context).toBeGreaterThanOrEqual(floors.answered);
}
