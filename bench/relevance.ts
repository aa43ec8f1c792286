/**
 * npm run bench:relevance [-- --corpus hyperledger,demo,synthetic] [--unjudged 20] [--questions] [--show hl-10,hl-37]
 *
 * How well the archive search ranks what members ask, on judged sets of real
 * questions (bench/relevance/*-judgments.json, graded by reading the messages):
 * each question goes through `searchArchive` as a member who reads the channels,
 * and through a plain BM25 baseline over the same messages. Per engine and per
 * question class: precision at 5 (grade ≥ 1 counts), MRR (first grade ≥ 1),
 * nDCG at 5 (grades 0/1/2), the questions with no result at all, and the top-5
 * hits nobody judged — they count as not relevant, so a figure with unjudged
 * hits is a lower bound until they are judged (node bench/relevance/pool.ts).
 * Where a set marks queries typed with the messages' own words (the synthetic
 * one), also the share whose first hit holds them all: exact words first.
 *
 * Each export is imported once into bench/out/relevance-<corpus>/ and reused.
 * The Hyperledger one lives in ../shared/corpora; without it, that corpus is skipped.
 * The synthetic one is generated into bench/out/ first (bench/relevance/synthetic-corpus.ts).
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { CORPORA, type CorpusName } from './relevance/corpora.ts';
import { gradesOf, loadJudgments, QUESTION_CLASSES, type JudgedQuestion } from './relevance/judgments.ts';
import { CUTOFF, holdsTerms, scoreQuestion, summarise, type QuestionScore } from './relevance/metrics.ts';
import { foldWords } from '../src/core/search/fold.ts';
import { parseSearchQuery } from '../src/core/search/query-language.ts';
import { openCorpus } from './relevance/session.ts';
import { machineLine, median } from './fixtures.ts';

const { values } = parseArgs({
  options: {
    corpus: { type: 'string', default: 'hyperledger,demo' },
    /** How many unjudged top-5 hits to list by name. */
    unjudged: { type: 'string', default: '20' },
    /** Also list every question's figures, engine beside engine: where a ranking wins and loses. */
    questions: { type: 'boolean', default: false },
    /** Also print these questions' first hits, engine beside engine, each with its grade and text: why a ranking wins or loses. */
    show: { type: 'string', default: '' },
  },
});
const shown = new Set(values.show!.split(',').filter(Boolean));
/** How many first hits --show prints per engine. */
const SHOWN_HITS = 6;

const ENGINES = ['embedded', 'bm25'] as const;
type EngineName = (typeof ENGINES)[number];

interface Run {
  question: JudgedQuestion;
  engine: EngineName;
  score: QuestionScore;
  ms: number;
  /** For a question typed with the messages' own words: whether the first hit holds them all (see holdsTerms). */
  exactFirst?: { holds: boolean; first: string };
}

const print = (line = '') => console.log(line);
const figure = (value: number) => value.toFixed(3);

print(`bench:relevance — ${new Date().toISOString()}`);
print(`machine: ${machineLine()}`);
for (const name of values.corpus!.split(',') as CorpusName[]) {
  const corpus = CORPORA[name];
  if (!corpus) throw new Error(`unknown corpus ${name}`);
  await corpus.ensureSource?.();
  if (!fs.existsSync(corpus.source)) {
    print(`\n${name}: skipped, ${corpus.source} is not here`);
    continue;
  }
  const set = loadJudgments(corpus.judgmentsFile);
  const session = await openCorpus(corpus);
  const runs: Run[] = [];
  for (const question of set.questions) {
    const grades = gradesOf(question);
    for (const engine of ENGINES) {
      // Warm once, then time the median of three: latency is not the point here, but a ranking that costs seconds would be.
      const rank = () => (engine === 'embedded' ? session.engine(question.question) : Promise.resolve(session.bm25(question.question)));
      const ranked = await rank();
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        await rank();
        times.push(performance.now() - started);
      }
      const run: Run = { question, engine, score: scoreQuestion(ranked, grades), ms: median(times) };
      if (shown.has(question.id)) {
        print(`\n${question.id} ${engine}: ${question.question}`);
        for (const key of ranked.slice(0, SHOWN_HITS)) {
          const message = session.messageOf(key);
          print(`  ${grades.get(key) ?? '?'} #${message?.channelName ?? '?'} ${(message?.plain ?? key).replace(/\s+/g, ' ').slice(0, 150)}`);
        }
      }
      if (question.exactWords) {
        const message = ranked[0] === undefined ? undefined : session.messageOf(ranked[0]);
        const terms = parseSearchQuery(question.question).terms.map((term) => term.words);
        run.exactFirst = {
          holds: message !== undefined && holdsTerms(foldWords(message.plain), terms),
          first: message?.plain.replace(/\s+/g, ' ').slice(0, 80) ?? '(no hit)',
        };
      }
      runs.push(run);
    }
  }
  await session.close();

  const judged = set.questions.reduce((sum, q) => sum + q.judged.length, 0);
  print(`\n## ${name}: ${set.questions.length} questions, ${judged} judged messages (${set.corpus})`);
  print(
    `reader reads ${session.access.readable.size} channels; P@${CUTOFF} and nDCG@${CUTOFF} over the first ${CUTOFF} hits, MRR over the first page (20)`,
  );
  print('');
  print(`| engine | class | n | P@${CUTOFF} | MRR | nDCG@${CUTOFF} | unanswered | unjudged in top ${CUTOFF} | median ms |`);
  print('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const engine of ENGINES) {
    const mine = runs.filter((run) => run.engine === engine);
    const row = (label: string, group: Run[]) => {
      if (group.length === 0) return;
      const s = summarise(group.map((run) => run.score));
      print(
        `| ${engine} | ${label} | ${s.questions} | ${figure(s.precision)} | ${figure(s.mrr)} | ${figure(s.ndcg)} | ${s.unanswered} | ${s.unjudged} | ${median(group.map((run) => run.ms)).toFixed(1)} |`,
      );
    };
    for (const kind of QUESTION_CLASSES)
      row(
        kind,
        mine.filter((run) => run.question.class === kind),
      );
    row('**all**', mine);
  }
  if (values.questions) {
    print(`\n| question | class | ${ENGINES.map((engine) => `${engine} P@${CUTOFF} / RR`).join(' | ')} |`);
    print(`| --- | --- | ${ENGINES.map(() => '---').join(' | ')} |`);
    for (const question of set.questions) {
      const cells = ENGINES.map((engine) => {
        const run = runs.find((candidate) => candidate.question === question && candidate.engine === engine)!;
        return `${figure(run.score.precision)} / ${figure(run.score.reciprocalRank)}`;
      });
      print(`| ${question.id} ${question.question} | ${question.class} | ${cells.join(' | ')} |`);
    }
  }
  const exactQuestions = runs.filter((run) => run.exactFirst !== undefined);
  if (exactQuestions.length > 0) {
    print(`\nexact-word at #1 (questions typed with the messages' own words; the first hit holds every word, phrases in order):`);
    for (const engine of ENGINES) {
      const mine = exactQuestions.filter((run) => run.engine === engine);
      const misses = mine.filter((run) => !run.exactFirst!.holds);
      const share = (100 * (mine.length - misses.length)) / mine.length;
      print(
        `${engine}: ${mine.length - misses.length}/${mine.length} (${share.toFixed(1)} %)${misses.length === 0 ? '' : ` — first hit without them: ${misses.map((run) => `${run.question.id} "${run.question.question}" → "${run.exactFirst!.first}"`).join('; ')}`}`,
      );
    }
  }
  for (const engine of ENGINES) {
    const mine = runs.filter((run) => run.engine === engine);
    const unanswered = mine.filter((run) => run.score.unanswered).map((run) => `${run.question.id} "${run.question.question}"`);
    print(`\n${engine}, unanswered (no result at all): ${unanswered.length === 0 ? 'none' : unanswered.join(', ')}`);
    const unjudged = mine.flatMap((run) => run.score.unjudged.map((key) => `${run.question.id} ${key}`));
    const shown = unjudged.slice(0, Number(values.unjudged));
    print(
      `${engine}, top-${CUTOFF} hits not judged: ${unjudged.length}${unjudged.length === 0 ? ' (every figure above is complete)' : ` — judge them before quoting the figures (node bench/relevance/pool.ts --corpus ${name}): ${shown.join(', ')}${unjudged.length > shown.length ? ', …' : ''}`}`,
    );
  }
}
