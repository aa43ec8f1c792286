import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Libsql from 'libsql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradesOf, loadJudgments } from '../../bench/relevance/judgments.ts';
import { holdsTerms, scoreQuestion, type QuestionScore } from '../../bench/relevance/metrics.ts';
import { expectAboveFloors } from '../support/relevance-floors.ts';
import { SYNTHETIC_OPTIONS, syntheticReader } from '../../bench/relevance/synthetic-corpus.ts';
import { readerAccess } from '../../src/core/archive/access.ts';
import { foldWords } from '../../src/core/search/fold.ts';
import { parseSearchQuery } from '../../src/core/search/query-language.ts';
import { searchArchive } from '../../src/core/search/search-archive.ts';
import { writeExportFolder } from '../../src/core/synthetic-export/generate.ts';
import { importArchive, type ImportedArchive } from '../support/archive-fixtures.ts';
import { embeddedEngineOn } from '../support/search-engines.ts';

/**
 * A ranking regression fails here: the sixty-eight queries judged over the
 * generated export (bench/relevance/synthetic-judgments.json: common and rare
 * words, phrases, prefixes, typos, apostrophes, accents, filters, in French and
 * English) go through searchArchive as a member of its private channel, over
 * the very export the bench judged — generated here at the same options (the
 * generator gives the same messages for the same seed), so every judgment
 * still names a message of it.
 *
 * Measured when the set was judged (every top-5 hit judged): P@5 0.965,
 * MRR 1.000, 68 answered; the first hit holds the typed words for 49 of the
 * 50 exact-word queries — « d'accès » put « Les des accès. » first. Once a
 * message's length was read as its words (the new top-5 hits graded by the
 * written rules and read): P@5 0.965, MRR 1.000, 68 answered, 50 of 50. The floors
 * allow about three relevant hits fewer in all the top fives (P@5 −0.01) and
 * one first relevant hit falling from rank 1 to 2 (MRR −0.0074, floored to
 * 0.99). When ranking improves, raise them to the new figures minus the same
 * margin.
 */
const FLOORS = { precision: 0.955, mrr: 0.99, answered: 68 };
const QUESTIONS = 68;
const TIME_ZONE = 'America/Toronto';
const JUDGMENTS = new URL('../../bench/relevance/synthetic-judgments.json', import.meta.url);

describe('relevance on the judged queries over a generated export', () => {
  let archive: ImportedArchive;
  let exportDir = '';
  const set = loadJudgments(JUDGMENTS.pathname);
  const scores: QuestionScore[] = [];
  const lines: string[] = [];
  const exactMisses: string[] = [];
  const missingJudged: string[] = [];

  beforeAll(async () => {
    exportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-synthetic-relevance-'));
    await writeExportFolder(exportDir, SYNTHETIC_OPTIONS);
    archive = await importArchive('synthetic-relevance', exportDir, async (database) => embeddedEngineOn(database, TIME_ZONE));
    const deps = { db: archive.database.db, engine: archive.engine, timeZone: TIME_ZONE };
    const access = await readerAccess(deps.db, syntheticReader(exportDir));
    const raw = new Libsql(archive.database.file, { readonly: true });
    // raw(): libsql's get() ignores pluck().
    const text = raw.prepare('SELECT plain FROM messages WHERE channel_id = ? AND ts = ?').raw();
    const plainOf = (channel: string, ts: string) => (text.get(channel, ts) as [string] | undefined)?.[0];
    for (const question of set.questions) {
      for (const judged of question.judged)
        if (plainOf(judged.channel, judged.ts) === undefined) missingJudged.push(`${question.id} ${judged.channelName}/${judged.ts}`);
      const outcome = await searchArchive(deps, access, { q: question.question, sort: 'relevance', page: 1 });
      const hits = outcome.status === 'ok' ? outcome.hits : [];
      const score = scoreQuestion(
        hits.map((hit) => `${hit.channelId}/${hit.ts}`),
        gradesOf(question),
      );
      scores.push(score);
      lines.push(
        `${question.id} P@5 ${score.precision.toFixed(1)} RR ${score.reciprocalRank.toFixed(2)}${score.unjudged.length > 0 ? ` unjudged ${score.unjudged.join(' ')}` : ''}`,
      );
      if (question.exactWords) {
        const first = hits[0] && plainOf(hits[0].channelId, hits[0].ts);
        const terms = parseSearchQuery(question.question).terms.map((term) => term.words);
        if (first === undefined || !holdsTerms(foldWords(first), terms)) exactMisses.push(question.id);
      }
    }
    raw.close();
  }, 240_000);

  afterAll(async () => {
    await archive?.dispose();
    if (exportDir) fs.rmSync(exportDir, { recursive: true, force: true });
  });

  it('reads the export the judgments were made on', () => {
    // A generator that no longer gives these messages for this seed leaves the judgments naming nothing.
    expect(missingJudged.slice(0, 10), `${missingJudged.length} judged messages not in the generated export`).toEqual([]);
  });

  it('keeps precision at 5, MRR and the answered queries above their floors', () => {
    expectAboveFloors(scores, QUESTIONS, FLOORS, `\n${lines.join('\n')}`);
  });

  it('puts a message holding the typed words first for every exact-word query', () => {
    expect(set.questions.filter((question) => question.exactWords).length).toBe(50);
    expect(exactMisses).toEqual([]);
  });
});
