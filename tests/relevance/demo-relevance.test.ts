import { afterAll, beforeAll, describe, it } from 'vitest';
import { gradesOf, loadJudgments } from '../../bench/relevance/judgments.ts';
import { scoreQuestion, type QuestionScore } from '../../bench/relevance/metrics.ts';
import { expectAboveFloors } from '../support/relevance-floors.ts';
import { readerAccess } from '../../src/core/archive/access.ts';
import { DEMO_EXPORT } from '../../src/core/demo/seed-demo.ts';
import { embeddedEngineOn } from '../support/search-engines.ts';
import { searchArchive } from '../../src/core/search/search-archive.ts';
import { importArchive, type ImportedArchive } from '../support/archive-fixtures.ts';

/**
 * A ranking regression fails here before anyone reads bench:relevance: the
 * thirty-six questions (French first, some English) judged over the demo export (bench/relevance/
 * demo-judgments.json) go through searchArchive as Élise, who reads the public
 * channels and the ethics committee's private one, and the embedded engine must
 * rank at least as well as it did when the set was judged, minus a small margin.
 *
 * Measured when the set was judged: P@5 0.150, MRR 0.450, 9 of 20 questions
 * answered; after exact-before-typo and relaxed matching (every hit judged):
 * P@5 0.280, MRR 0.812, 19 answered. With word forms, stop words, thread
 * context, proximity and the any-word tier, on 24 questions (four added for
 * word forms; every hit judged): P@5 0.442, MRR 0.967, 24 answered. Once the
 * demo's busiest channel read as real conversation, re-judged with twelve
 * questions over it (every top-5 hit of the engine and of BM25 judged):
 * P@5 0.767, MRR 1.000, 36 answered (P@5 0.772 here, where Élise’s direct
 * messages are imported too and two of them reach a top five). The floors
 * below allow one relevant hit fewer in all the top fives (P@5 −0.01) and one
 * first relevant hit falling from rank 1 to 2 (MRR −0.025). When ranking
 * improves, raise them to the new figures minus the same margin. With a
 * message's length read as its words, shorter thread context and French
 * questions' pronouns not required (every hit judged): P@5 0.783, MRR 1.000.
 * With relaxing stopped at half of the words: P@5 0.811, MRR 1.000 (one of
 * Élise's direct messages unjudged in a top five, counted as a miss).
 */
const FLOORS = { precision: 0.801, mrr: 0.975, answered: 36 };
const QUESTIONS = 36;
const TIME_ZONE = 'America/Toronto';
const JUDGMENTS = new URL('../../bench/relevance/demo-judgments.json', import.meta.url);

describe('relevance on the judged demo questions', () => {
  let archive: ImportedArchive;
  const scores: QuestionScore[] = [];
  const unjudged: string[] = [];

  beforeAll(async () => {
    archive = await importArchive('relevance', DEMO_EXPORT, async (database) =>
      embeddedEngineOn(database, TIME_ZONE),
    );
    const deps = { db: archive.database.db, engine: archive.engine, timeZone: TIME_ZONE };
    const access = await readerAccess(deps.db, { id: 'relevance-reader', slackPersonId: 'U04B1QK7ELS', role: 'member' });
    for (const question of loadJudgments(JUDGMENTS.pathname).questions) {
      const outcome = await searchArchive(deps, access, { q: question.question, sort: 'relevance', page: 1 });
      const ranked = outcome.status === 'ok' ? outcome.hits.map((hit) => `${hit.channelId}/${hit.ts}`) : [];
      const score = scoreQuestion(ranked, gradesOf(question));
      scores.push(score);
      unjudged.push(...score.unjudged.map((key) => `${question.id} ${key}`));
    }
  }, 60_000);

  afterAll(async () => {
    await archive?.dispose();
  });

  it('keeps precision at 5, MRR and the answered questions above their floors', () => {
    // Unjudged top-5 hits count as misses: name them, so a failure says what to judge (node bench/relevance/pool.ts --corpus demo).
    expectAboveFloors(scores, QUESTIONS, FLOORS, `unjudged top-5 hits: ${unjudged.join(', ') || 'none'}`);
  });
});
