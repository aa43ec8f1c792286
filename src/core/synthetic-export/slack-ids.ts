import type { Random } from './seeded-random.ts';

/**
 * Identifiers shaped like Slack's: a type letter (U people, C channels,
 * T team, B bots, F files, A apps) then uppercase base-36 characters.
 */

const BASE36 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export function slackId(random: Random, prefix: string, length = 10): string {
  let id = prefix;
  for (let i = 0; i < length; i++) id += BASE36[random.below(36)];
  return id;
}

/** Draws ids until one is new: people and channels must never collide. */
export function uniqueSlackId(random: Random, prefix: string, taken: Set<string>): string {
  for (;;) {
    const id = slackId(random, prefix);
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
}

const HEX = '0123456789abcdef';

export function hexString(random: Random, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += HEX[random.below(16)];
  return text;
}

/** A version 4 UUID, as Slack clients put in client_msg_id. */
export function uuid(random: Random): string {
  const variant = HEX[8 + random.below(4)] ?? '8';
  return `${hexString(random, 8)}-${hexString(random, 4)}-4${hexString(random, 3)}-${variant}${hexString(random, 3)}-${hexString(random, 12)}`;
}
