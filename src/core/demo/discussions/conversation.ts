/**
 * The shape of the demo's hand-written conversations. Each line lists a few
 * wordings; the generator picks one and fills its slots, so that the same
 * exchange never reads twice the same way.
 *
 * Slots, in braces: `{asker}` and `{helper}` mention the conversation's opener
 * and its first answerer, `{someone}` any other member; any other name
 * (`{dataset}`, `{tool}`, `{deadline}`…) is drawn once per conversation from
 * slots.ts, so a thread keeps talking about the same thing. `[[url|label]]`
 * and `[[url]]` become Slack links, `{{file:name.ext}}` attaches a file card.
 * Everything else is what people type: `<`, `>` and `&` are escaped as Slack
 * does on export.
 */

export type Language = 'fr' | 'en';

/** One message of a conversation: a few wordings of the same thing. */
export type Line = readonly string[];

export interface Conversation {
  /** What it is about, for people reading the bank. */
  topic: string;
  language: Language;
  opening: Line;
  /** Answers in order; the generator keeps the first `minReplies` and a random run of the rest. */
  replies: readonly Line[];
  minReplies?: number;
  /** Answered in a thread (the usual way) or in the channel itself. */
  inThread?: boolean;
  /** False for calls and notices (a seminar, an outage): nobody tells their project's story before them. */
  personal?: boolean;
  /** How often it comes up beside the others (1 by default): a job offer is rarer than an R question. */
  weight?: number;
  /** Reactions that fit the opening (a thank-you, an announcement…). */
  reactions?: readonly string[];
}
