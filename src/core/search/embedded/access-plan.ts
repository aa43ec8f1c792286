import type { AccessClause } from './match-expression.ts';

/**
 * How a search keeps to the reader's channels: inside the MATCH expression
 * (the channels' tokens), or by looking up each candidate's channel.
 *
 * In the expression, FTS5 moves every listed channel's token list to each
 * candidate: the cost grows with the candidates times the channels named.
 * Measured at 5M messages (one month, a third of 201 channels readable):
 * « topic » 250 ms with 67 channels in the expression, 22 ms looking them up;
 * « and » 727 ms against 228 ms. A lookup costs the same whatever the list, but
 * it is paid for every candidate, readable or not: a reader of a small part of
 * the archive (a visitor of two open channels) would pay it for the whole of
 * a common word's list, where the expression walks only those channels' lists.
 */
export interface AccessPlan {
  /** What the expression says of access (null: nothing). */
  clause: AccessClause;
  /** Channels a candidate's own must be one of, looked up (null: no lookup). */
  lookup: readonly string[] | null;
}

export interface AccessLimits {
  /** Up to this many channels named, the expression is as quick as a lookup or quicker (« and », 16 channels left out: 37 ms against 162). */
  channelsInMatch: number;
  /** The least share of the archive's messages a reader must read for lookups: a candidate they may read then costs at most 1/minShare of them. */
  minShare: number;
}

export const ACCESS_LIMITS: AccessLimits = { channelsInMatch: 16, minShare: 0.2 };

export interface AccessInput {
  readable: ReadonlySet<string>;
  /** Every channel of the archive, with its message count. */
  messagesIn: ReadonlyMap<string, number>;
  /** Whether the expression holds anything else to match: a search of dates alone matches the readable channels' tokens. */
  matchesOtherwise: boolean;
}

export function accessPlan({ readable, messagesIn, matchesOtherwise }: AccessInput, limits: AccessLimits = ACCESS_LIMITS): AccessPlan {
  if (!matchesOtherwise) return { clause: { only: [...readable] }, lookup: null };
  const others = [...messagesIn.keys()].filter((id) => !readable.has(id));
  if (others.length === 0) return { clause: null, lookup: null };
  const clause: AccessClause = others.length <= readable.size ? { except: others } : { only: [...readable] };
  const named = 'only' in clause ? clause.only.length : clause.except.length;
  if (named <= limits.channelsInMatch) return { clause, lookup: null };
  return shareOfMessages(readable, messagesIn) >= limits.minShare ? { clause: null, lookup: [...readable] } : { clause, lookup: null };
}

/** The share of the archive's messages these channels hold: about that share of a word's documents are in them. */
export function shareOfMessages(channels: Iterable<string>, messagesIn: ReadonlyMap<string, number>): number {
  let total = 0;
  for (const messages of messagesIn.values()) total += messages;
  let held = 0;
  for (const id of new Set(channels)) held += messagesIn.get(id) ?? 0;
  return total > 0 ? held / total : 1;
}
