/** The judged relevance sets: questions as members type them, and every message judged for each. */
import fs from 'node:fs';
import { z } from 'zod';

/**
 * Real talk is judged by what members ask (how-to … person); the generated
 * export, whose text is word salad, by what kind of query it is: a common or
 * rare word, a phrase, a prefix, a typo, an apostrophe, an accent, a filter.
 */
export const QUESTION_CLASSES = [
  'how-to',
  'error',
  'decision',
  'event',
  'person',
  'typo',
  'common',
  'rare',
  'phrase',
  'prefix',
  'apostrophe',
  'accent',
  'filter',
] as const;
export type QuestionClass = (typeof QUESTION_CLASSES)[number];

const judged = z.object({
  /** Slack's channel id: with ts, the message's key whatever the importer does. */
  channel: z.string().min(1),
  /** For people reading the file. */
  channelName: z.string(),
  ts: z.string().regex(/^\d+\.\d+$/),
  /** 2: answers the question; 1: relevant to it; 0: not. */
  grade: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  why: z.string().min(1),
});

const question = z.object({
  id: z.string().min(1),
  question: z.string().min(1),
  class: z.enum(QUESTION_CLASSES),
  language: z.enum(['en', 'fr']),
  /** What a person typing it expects in the top five. */
  why: z.string().min(1).optional(),
  /** Every word is typed as the messages write it (folded): the first hit must hold them all (exactFirst in metrics.ts). */
  exactWords: z.boolean().optional(),
  /** The query as the person meant it, when they misspelled it: what the judging reads the messages for. */
  means: z.string().min(1).optional(),
  judged: z.array(judged),
});

export const judgmentSetSchema = z.object({
  corpus: z.string(),
  notice: z.string(),
  questions: z.array(question),
});

export type JudgmentSet = z.infer<typeof judgmentSetSchema>;
export type JudgedQuestion = z.infer<typeof question>;
export type Judged = z.infer<typeof judged>;

export function loadJudgments(file: string): JudgmentSet {
  const set = judgmentSetSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  for (const q of set.questions) {
    const keys = q.judged.map((entry) => `${entry.channel}/${entry.ts}`);
    if (new Set(keys).size !== keys.length) throw new Error(`${file}: ${q.id} judges a message twice`);
  }
  if (new Set(set.questions.map((q) => q.id)).size !== set.questions.length) throw new Error(`${file}: question ids repeat`);
  return set;
}

/** `<channel>/<ts>` → grade, for one question. */
export function gradesOf(q: JudgedQuestion): Map<string, number> {
  return new Map(q.judged.map((entry) => [`${entry.channel}/${entry.ts}`, entry.grade]));
}
