/**
 * Relevance figures over ranked keys and a question's grades. A hit nobody
 * judged counts as not relevant, and is reported so that it gets judged:
 * a figure with unjudged hits in its top 5 is a lower bound.
 */
export const CUTOFF = 5;

export interface QuestionScore {
  /** Relevant (grade ≥ 1) among the first 5 hits, over 5. */
  precision: number;
  /** 1 / rank of the first relevant hit; 0 without one. */
  reciprocalRank: number;
  /** Graded gain of the first 5 hits over the best possible order of the judged messages. */
  ndcg: number;
  unanswered: boolean;
  /** Keys among the first 5 hits with no judgment. */
  unjudged: string[];
}

export function scoreQuestion(ranked: readonly string[], grades: ReadonlyMap<string, number>): QuestionScore {
  const top = ranked.slice(0, CUTOFF);
  const gradeAt = (key: string) => grades.get(key) ?? 0;
  const firstRelevant = ranked.findIndex((key) => gradeAt(key) >= 1);
  const dcg = (values: readonly number[]) => values.reduce((sum, grade, index) => sum + (2 ** grade - 1) / Math.log2(index + 2), 0);
  const ideal = dcg([...grades.values()].sort((a, b) => b - a).slice(0, CUTOFF));
  return {
    precision: top.filter((key) => gradeAt(key) >= 1).length / CUTOFF,
    reciprocalRank: firstRelevant === -1 ? 0 : 1 / (firstRelevant + 1),
    ndcg: ideal === 0 ? 0 : dcg(top.map(gradeAt)) / ideal,
    unanswered: ranked.length === 0,
    unjudged: top.filter((key) => !grades.has(key)),
  };
}

export interface Summary {
  questions: number;
  precision: number;
  mrr: number;
  ndcg: number;
  unanswered: number;
  unjudged: number;
}

export function summarise(scores: readonly QuestionScore[]): Summary {
  const mean = (pick: (score: QuestionScore) => number) =>
    scores.length === 0 ? 0 : scores.reduce((sum, score) => sum + pick(score), 0) / scores.length;
  return {
    questions: scores.length,
    precision: mean((score) => score.precision),
    mrr: mean((score) => score.reciprocalRank),
    ndcg: mean((score) => score.ndcg),
    unanswered: scores.filter((score) => score.unanswered).length,
    unjudged: scores.reduce((sum, score) => sum + score.unjudged.length, 0),
  };
}

/**
 * Whether a message's folded words hold every term of a query, each term's
 * words side by side and in order (a phrase, « aujourd'hui » folded to two
 * words): what "an exact match" means for the exact-word figure.
 */
export function holdsTerms(words: readonly string[], terms: readonly (readonly string[])[]): boolean {
  return terms.every((term) => {
    if (term.length === 0) return true;
    for (let i = 0; i + term.length <= words.length; i++) if (term.every((word, j) => words[i + j] === word)) return true;
    return false;
  });
}
