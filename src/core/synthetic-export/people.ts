import { asciiSlug, withoutAccents } from './ascii-slug.ts';
import { ENGLISH_FAMILY_NAMES, ENGLISH_GIVEN_NAMES, FRENCH_FAMILY_NAMES, FRENCH_GIVEN_NAMES } from './person-names.ts';
import type { Random } from './seeded-random.ts';
import type { SlackMessageProfile, SlackUser, SlackUserProfile } from './slack-export-types.ts';
import { hexString, uniqueSlackId } from './slack-ids.ts';

/** Someone who can author messages in the generated history. */
export interface Author {
  id: string;
  /** Copied into each message; absent when authors come from a hand-written export. */
  profile: SlackMessageProfile | undefined;
  /** Relative posting activity: a few people post most of the messages. */
  activity: number;
  /** Deactivated accounts keep their history but belong to no channel any more. */
  isDeleted: boolean;
  /** Guests only see the few channels they were invited to. */
  isGuest: boolean;
}

/** The integration that posts bot_message messages. */
export interface BotIdentity {
  botId: string;
  username: string;
}

export interface People {
  users: SlackUser[];
  humans: Author[];
  bot: BotIdentity;
}

const EMAIL_DOMAINS = ['example.org', 'example.com', 'example.net'] as const;
const TITLES = [
  'Professeure',
  'Professeur',
  'Étudiante au doctorat',
  'Étudiant à la maîtrise',
  'Analyste de données',
  'Research associate',
  'PhD candidate',
  'Bibliothécaire',
  'Coordonnatrice',
  'Data scientist',
] as const;
const COLORS = ['9f69e7', '4bbe2e', 'e7392d', '3c989f', 'e0a729', '674b1b', 'c386df', '2b6836'] as const;
const SHARE_DELETED = 0.01;
const SHARE_GUESTS = 0.02;
/** How unequal posting is: with 0.8, the most active of 500 people writes about 8% of the messages. */
const ACTIVITY_EXPONENT = 0.8;

/** At least one of each kind as soon as there are a few people, so small exports exercise them too. */
function someOf(random: Random, candidates: readonly number[], share: number): Set<number> {
  const count = candidates.length < 4 ? 0 : Math.max(1, Math.round(candidates.length * share));
  return new Set(random.shuffled(candidates).slice(0, count));
}

/**
 * users.json: `count` accounts, one of them the bot, 1% deactivated, 2%
 * guests, every third without an email address and half without a picture.
 */
export function createPeople(random: Random, count: number, teamId: string, createdBefore: number): People {
  if (count < 2) throw new RangeError('a workspace needs at least 2 people: a person and the bot');
  const takenIds = new Set<string>();
  const takenHandles = new Set<string>();
  const humanIndexes = Array.from({ length: count - 1 }, (_, index) => index);
  const deleted = someOf(random, humanIndexes.slice(1), SHARE_DELETED);
  const guests = someOf(
    random,
    humanIndexes.slice(1).filter((index) => !deleted.has(index)),
    SHARE_GUESTS,
  );
  const activityRanks = random.shuffled(humanIndexes);

  const users: SlackUser[] = [];
  const humans: Author[] = [];
  for (const index of humanIndexes) {
    const french = random.chance(0.6);
    const given = random.pick(french ? FRENCH_GIVEN_NAMES : ENGLISH_GIVEN_NAMES);
    const familyFrench = random.chance(0.8) ? french : !french;
    const family = random.pick(familyFrench ? FRENCH_FAMILY_NAMES : ENGLISH_FAMILY_NAMES);
    const id = uniqueSlackId(random, 'U', takenIds);
    const handle = uniqueHandle(asciiSlug(`${given} ${family}`, '.'), takenHandles);
    const realName = `${given} ${family}`;
    const style = random.next();
    const displayName = style < 0.45 ? given : style < 0.7 ? `${given} ${family.charAt(0)}.` : '';
    const avatarHash = index % 2 === 0 ? hexString(random, 12) : `g${hexString(random, 11)}`;
    const email = index % 3 === 2 ? {} : { email: `${handle}@${random.pick(EMAIL_DOMAINS)}` };
    const picture = index % 2 === 0 ? { image_72: `https://avatars.example.org/${id}.png` } : {};
    const profile: SlackUserProfile = {
      title: random.chance(0.4) ? random.pick(TITLES) : '',
      phone: '',
      skype: '',
      real_name: realName,
      real_name_normalized: withoutAccents(realName),
      display_name: displayName,
      display_name_normalized: withoutAccents(displayName),
      status_text: '',
      status_emoji: '',
      status_expiration: 0,
      avatar_hash: avatarHash,
      ...email,
      first_name: given,
      last_name: family,
      ...picture,
      team: teamId,
    };
    const isDeleted = deleted.has(index);
    const isGuest = guests.has(index);
    users.push({
      id,
      team_id: teamId,
      name: handle,
      deleted: isDeleted,
      color: random.pick(COLORS),
      real_name: realName,
      tz: 'America/Toronto',
      tz_label: 'Eastern Standard Time',
      tz_offset: -18000,
      profile,
      is_admin: index === 0,
      is_owner: index === 0,
      is_primary_owner: index === 0,
      is_restricted: isGuest,
      is_ultra_restricted: false,
      is_bot: false,
      is_app_user: false,
      updated: createdBefore - random.below(400 * 86400),
    });
    const messageProfile: SlackMessageProfile = {
      avatar_hash: avatarHash,
      ...picture,
      first_name: given,
      real_name: realName,
      display_name: displayName,
      team: teamId,
      name: handle,
      is_restricted: isGuest,
      is_ultra_restricted: false,
    };
    humans.push({
      id,
      profile: messageProfile,
      activity: 1 / Math.pow((activityRanks[index] ?? 0) + 1, ACTIVITY_EXPONENT),
      isDeleted,
      isGuest,
    });
  }

  const bot: BotIdentity = { botId: uniqueSlackId(random, 'B', takenIds), username: 'Rappels' };
  users.push(botUser(random, uniqueSlackId(random, 'U', takenIds), bot, teamId, createdBefore));
  return { users, humans, bot };
}

function uniqueHandle(base: string, taken: Set<string>): string {
  let handle = base;
  for (let suffix = 2; taken.has(handle); suffix++) handle = `${base}${suffix}`;
  taken.add(handle);
  return handle;
}

function botUser(random: Random, id: string, bot: BotIdentity, teamId: string, createdBefore: number): SlackUser {
  return {
    id,
    team_id: teamId,
    name: 'rappels',
    deleted: false,
    color: random.pick(COLORS),
    real_name: bot.username,
    tz: 'America/Toronto',
    tz_label: 'Eastern Standard Time',
    tz_offset: -18000,
    profile: {
      title: '',
      phone: '',
      skype: '',
      real_name: bot.username,
      real_name_normalized: bot.username,
      display_name: '',
      display_name_normalized: '',
      status_text: '',
      status_emoji: '',
      status_expiration: 0,
      avatar_hash: hexString(random, 12),
      first_name: bot.username,
      last_name: '',
      image_72: `https://avatars.example.org/${id}.png`,
      bot_id: bot.botId,
      api_app_id: `A${hexString(random, 10).toUpperCase()}`,
      always_active: false,
      team: teamId,
    },
    is_admin: false,
    is_owner: false,
    is_primary_owner: false,
    is_restricted: false,
    is_ultra_restricted: false,
    is_bot: true,
    is_app_user: false,
    updated: createdBefore - random.below(400 * 86400),
  };
}
